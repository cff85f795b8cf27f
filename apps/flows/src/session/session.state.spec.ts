import { SessionRecord } from './session.repository';
import { assuranceLevel, reauthenticated, sessionIssued } from './session.state';

const HOUR = 60 * 60_000;
const session: SessionRecord = {
  id: '1c9e5a40-0000-4000-8000-000000000001',
  identityId: '1c9e5a40-0000-4000-8000-000000000002',
  active: true,
  aal: 'aal1',
  authenticationMethods: [{ method: 'password', aal: 'aal1', completed_at: '2026-11-29T10:00:00.000Z' }],
  issuedAt: '2026-11-29T10:00:00.000Z',
  authenticatedAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-11-30T10:00:00.000Z',
};

describe('session state', () => {
  it('a re-authentication keeps id and issued_at, appends the method and moves authenticated_at and expires_at', () => {
    const now = new Date('2026-11-29T12:30:00.000Z');
    expect(reauthenticated(session, { method: 'password', aal: 'aal1' }, now, 24 * HOUR)).toEqual({
      ...session,
      authenticationMethods: [...session.authenticationMethods, { method: 'password', aal: 'aal1', completed_at: '2026-11-29T12:30:00.000Z' }],
      authenticatedAt: '2026-11-29T12:30:00.000Z',
      expiresAt: '2026-11-30T12:30:00.000Z',
    });
    expect(session.authenticationMethods).toHaveLength(1);
  });

  it('the assurance level is aal2 only with both an aal1 and an aal2 method (Kratos SetAuthenticatorAssuranceLevel)', () => {
    const at = session.issuedAt;
    expect(assuranceLevel([{ method: 'password', aal: 'aal1', completed_at: at }])).toBe('aal1');
    expect(assuranceLevel([{ method: 'totp', aal: 'aal2', completed_at: at }])).toBe('aal1');
    expect(assuranceLevel([{ method: 'password', aal: 'aal1', completed_at: at }, { method: 'totp', aal: 'aal2', completed_at: at }])).toBe('aal2');
    const mfa = { ...session, aal: 'aal2' as const, authenticationMethods: [...session.authenticationMethods, { method: 'totp', aal: 'aal2' as const, completed_at: at }] };
    expect(reauthenticated(mfa, { method: 'password', aal: 'aal1' }, new Date(), HOUR).aal).toBe('aal2');
  });

  it('SessionIssued carries the whole state a fold needs', () => {
    expect(sessionIssued(session, 'refresh')).toEqual({
      session_id: session.id,
      identity_id: session.identityId,
      reason: 'refresh',
      authenticator_assurance_level: 'aal1',
      authentication_methods: session.authenticationMethods,
      issued_at: session.issuedAt,
      authenticated_at: session.authenticatedAt,
      expires_at: session.expiresAt,
    });
  });
});
