import { ErrorIds } from './error-ids';
import { KratosError } from './errors';
import { Messages } from './messages';

describe('the table of Kratos UI messages', () => {
  const all = Object.entries(Messages);

  it('gives every message its own id, in the range of its type (1xxxxxx info/success, 4xxxxxx error)', () => {
    expect(new Set(all.map(([, m]) => m.id)).size).toBe(all.length);
    for (const [name, m] of all) expect([name, Math.floor(m.id / 1_000_000)]).toEqual([name, m.type === 'error' ? 4 : 1]);
  });

  it('answers Kratos wire objects: id, text, type, and context only where the message has one', () => {
    expect(Messages.ErrorValidationRequired('password')).toEqual({ id: 4000002, text: 'Property password is missing.', type: 'error', context: { property: 'password' } });
    expect(Object.keys(Messages.ErrorValidationInvalidCredentials())).toEqual(['id', 'text', 'type']);
    const now = new Date('2026-01-01T00:03:00.000Z');
    expect(Messages.ErrorValidationLoginFlowExpired('2026-01-01T00:00:00.000Z', now).text).toBe('The login flow expired 3.00 minutes ago, please try again.');
    expect(Messages.ErrorValidationRecoveryFlowExpired('2026-01-01T00:00:00.000Z', now).context).toEqual({ expired_at_unix: 1767225600 });
  });
});

describe('the table of Kratos error ids', () => {
  it('gives every error its own id', () => {
    const ids = Object.values(ErrorIds).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("makes Kratos's envelope with the table's status and defaults, unless the error names its own", () => {
    expect(KratosError.of(ErrorIds.ErrNoActiveSession).toEnvelope()).toEqual({
      error: { id: 'session_inactive', code: 401, status: 'Unauthorized', reason: 'No active session was found in this request.', message: 'request does not have a valid authentication session' },
    });
    const forbidden = KratosError.of(ErrorIds.ErrIDRedirectURLNotAllowed, { reason: 'no' }, { x: 1 }).toEnvelope();
    expect(forbidden).toEqual({ error: { id: 'self_service_flow_return_to_forbidden', code: 400, status: 'Bad Request', reason: 'no', message: 'The request was malformed or contained invalid parameters' }, x: 1 });
  });
});
