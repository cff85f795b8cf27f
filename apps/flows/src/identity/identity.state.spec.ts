import { randomUUID } from 'node:crypto';
import { StoredEvent } from '@gatehouse/eventsourcing';
import { addressVerified, identityRegistered, verificationRequested } from '@gatehouse/testing';
import { SessionState, evolveSession } from '../session/session.state';
import { IdentityState, credentialSecrets, evolveIdentity, foldIdentity } from './identity.state';

const ADMIN = { type: 'admin' as const };
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

/** given(events…).when(event).then(state): the write model's pure fold, no I/O. */
function given(...events: StoredEvent[]) {
  const before = foldIdentity(events);
  return { when: (event: StoredEvent) => ({ before, after: evolveIdentity(before, event) }) };
}

let version = 0;
function next<T>(identityId: string, type: string, data: T, extra: Partial<Omit<StoredEvent, 'data'>> = {}): StoredEvent<T> {
  version++;
  return { id: randomUUID(), type, version: 1, streamId: `identity:${identityId}`, streamVersion: version, subject: identityId, occurredAt: `2030-01-01T00:00:${String(version).padStart(2, '0')}.000Z`, data, ...extra };
}

describe('the write side identity (evolveIdentity)', () => {
  const registered = { ...identityRegistered(), ...credentialSecrets({ password: { hashed_password: HASH } }) };
  const id = registered.data.identity_id;
  beforeEach(() => (version = 1));

  it('IdentityRegistered: the document every read model folds, and the hash from the sealed part', () => {
    const { after } = given().when(registered);
    expect(after?.document).toMatchObject({ id, state: 'active', version: 1, credentials: [expect.objectContaining({ type: 'password' })] });
    expect(after?.configs).toEqual({ password: { hashed_password: HASH } });
  });

  it('VerificationRequested and AddressVerified change the address, not the configs', () => {
    const requested = verificationRequested(registered, { streamVersion: 2 });
    const { after: sent } = given(registered).when(requested);
    expect(sent?.document.verifiable_addresses[0]).toMatchObject({ status: 'sent', verified: false });
    const { after: verified } = given(registered, requested).when(addressVerified(registered, { streamVersion: 3 }));
    expect(verified?.document.verifiable_addresses[0]).toMatchObject({ status: 'completed', verified: true });
    expect(verified?.configs).toEqual({ password: { hashed_password: HASH } });
  });

  it('PasswordChanged and PasswordHashUpgraded replace the hash and keep the document', () => {
    for (const type of ['PasswordChanged', 'PasswordHashUpgraded']) {
      version = 1;
      const changed = next(id, type, { identity_id: id }, credentialSecrets({ password: { hashed_password: '$2a$10$new' } }));
      const { before, after } = given(registered).when(changed);
      expect(after?.document).toBe(before?.document);
      expect(after?.configs).toEqual({ password: { hashed_password: '$2a$10$new' } });
    }
  });

  it('IdentityCreated and IdentityUpdated: configs of the types they name, a type the document drops loses its config', () => {
    const other = randomUUID();
    const snapshot = { identity_id: other, schema_id: 'default', traits: { email: 'a@example.com' }, verifiable_addresses: [], recovery_addresses: [], metadata_public: null, metadata_admin: null };
    const oidc = { providers: [{ provider: 'github', subject: '1' }] };
    const created = next(other, 'IdentityCreated', { ...snapshot, state: 'active', actor: ADMIN, credentials: { password: { identifiers: ['a@example.com'], version: 0 }, oidc: { identifiers: ['github:1'], version: 0 } } }, credentialSecrets({ password: { hashed_password: HASH }, oidc }));
    const { after } = given().when(created);
    expect(after?.configs).toEqual({ password: { hashed_password: HASH }, oidc });
    const updated = next(other, 'IdentityUpdated', { ...snapshot, changed: ['credentials.oidc'], actor: ADMIN, credentials: { password: { identifiers: ['a@example.com'], version: 0 } } }, credentialSecrets({ password: { hashed_password: HASH } }));
    const { after: without } = given(created).when(updated);
    expect(without?.document.credentials.map((c) => c.type)).toEqual(['password']);
    expect(without?.configs).toEqual({ password: { hashed_password: HASH } });
  });

  it('IdentityStateChanged changes the state; CredentialsRemoved drops the credential and its config', () => {
    const inactive = next(id, 'IdentityStateChanged', { identity_id: id, state: 'inactive', previous_state: 'active', actor: ADMIN });
    expect(given(registered).when(inactive).after?.document.state).toBe('inactive');
    version = 1;
    const removed = next(id, 'CredentialsRemoved', { identity_id: id, type: 'password', identifiers: [], remaining_identifiers: [], actor: ADMIN });
    const { after } = given(registered).when(removed);
    expect(after?.document.credentials).toEqual([]);
    expect(after?.configs).toEqual({});
  });

  it('IdentityDeleted ends the identity; a shredded event changes nothing', () => {
    const deleted = next(id, 'IdentityDeleted', { identity_id: id, actor: ADMIN });
    expect(given(registered).when(deleted).after).toBeNull();
    const shredded: StoredEvent = { ...registered, data: {}, shredded: true };
    expect(given().when(shredded).after).toBeNull();
    const { before, after } = given(registered).when({ ...next(id, 'IdentityUpdated', {}), shredded: true });
    expect(after).toBe(before);
  });

  it('an event already folded (an older stream version) changes nothing', () => {
    const { before, after } = given(registered).when({ ...registered, id: randomUUID() });
    expect(after).toEqual<IdentityState | null>(before);
  });
});

describe('the session stream (evolveSession)', () => {
  const identityId = randomUUID();
  const sessionId = randomUUID();
  const issued = (reason: string, over: Record<string, unknown> = {}, secrets?: Record<string, unknown>): StoredEvent => ({
    id: randomUUID(),
    type: 'SessionIssued',
    version: 1,
    streamId: `session:${sessionId}`,
    streamVersion: 1,
    subject: identityId,
    occurredAt: '2030-01-01T00:00:00.000Z',
    data: {
      session_id: sessionId,
      identity_id: identityId,
      reason,
      authenticator_assurance_level: 'aal1',
      authentication_methods: [{ method: 'password', aal: 'aal1', completed_at: '2030-01-01T00:00:00.000Z' }],
      issued_at: '2030-01-01T00:00:00.000Z',
      authenticated_at: '2030-01-01T00:00:00.000Z',
      expires_at: '2030-01-02T00:00:00.000Z',
      ...over,
    },
    ...(secrets ? { secrets } : {}),
  });
  const login = issued('login', {}, { token_hash: 'digest' });

  it('SessionIssued begins an active session with the sealed token digest; without one there is no row', () => {
    expect(evolveSession(null, login)).toEqual<SessionState>({
      id: sessionId,
      identity_id: identityId,
      token_hash: 'digest',
      active: true,
      aal: 'aal1',
      authentication_methods: [{ method: 'password', aal: 'aal1', completed_at: '2030-01-01T00:00:00.000Z' }],
      issued_at: '2030-01-01T00:00:00.000Z',
      authenticated_at: '2030-01-01T00:00:00.000Z',
      expires_at: '2030-01-02T00:00:00.000Z',
      revoked_at: null,
    });
    expect(evolveSession(null, issued('login'))).toBeNull();
  });

  it('a refresh or an extend moves the times and keeps the token; SessionRevoked ends it, and an extend keeps it ended', () => {
    const refreshed = evolveSession(evolveSession(null, login), issued('refresh', { authenticated_at: '2030-01-01T06:00:00.000Z', expires_at: '2030-01-02T06:00:00.000Z' }));
    expect(refreshed).toMatchObject({ token_hash: 'digest', active: true, authenticated_at: '2030-01-01T06:00:00.000Z', expires_at: '2030-01-02T06:00:00.000Z' });
    const revoked = evolveSession(refreshed, { ...login, type: 'SessionRevoked', data: { session_id: sessionId, identity_id: identityId, reason: 'logout', revoked_at: '2030-01-01T07:00:00.000Z' } });
    expect(revoked).toMatchObject({ active: false, revoked_at: '2030-01-01T07:00:00.000Z' });
    expect(evolveSession(revoked, issued('extend', { expires_at: '2030-01-03T00:00:00.000Z' }))).toMatchObject({ active: false, expires_at: '2030-01-03T00:00:00.000Z' });
  });

  it('a shredded event changes nothing', () => {
    expect(evolveSession(null, { ...login, data: {}, shredded: true })).toBeNull();
  });
});
