import { IdentityView, UiText } from '@gatehouse/contracts';
import type { IdentitySchema } from '../../schema/identity-schema';
import type { SettingsContext } from '../strategy';
import { IdentitySchemas } from '../../schema/identity-schemas';
import { PasswordStrategy } from './password.strategy';

const TOO_SIMILAR: UiText = { id: 4000031, text: 'too similar', type: 'error' };

function strategy() {
  const checked: Array<{ password: string; identifiers: readonly string[] }> = [];
  const policy = { check: async (password: string, identifiers: readonly string[]) => (checked.push({ password, identifiers }), password === 'ada@example.com' ? TOO_SIMILAR : undefined) };
  const hasher = { hash: async (password: string) => `hash:${password}` };
  const authenticator = { authenticate: async (identifier: string, password: string) => ({ passwordMatches: identifier === 'ada' && password === 'pw' }) };
  const s = new PasswordStrategy(policy as never, hasher as never, authenticator as never, new IdentitySchemas([], 'default'));
  return { s, checked };
}

describe('PasswordStrategy', () => {
  it('owns the password credential and serves login, registration and settings', () => {
    const { s } = strategy();
    expect([s.id, s.credentialType, Object.keys(s.submit).sort()]).toEqual(['password', 'password', ['login', 'registration', 'settings']]);
    expect(s.nodes({ kind: 'recovery', flow: {} as never })).toEqual([]);
  });

  it('login: identifier and password are required (4000002 on each node), then it authenticates', async () => {
    const { s } = strategy();
    expect(s.submit.login({ method: 'password' }, FLOW)).toEqual({
      fields: [
        { node: 'identifier', message: expect.objectContaining({ id: 4000002 }) },
        { node: 'password', message: expect.objectContaining({ id: 4000002 }) },
      ],
    });
    const read = s.submit.login({ method: 'password', password_identifier: 'ada', password: 'pw' }, FLOW);
    expect('accepted' in read && (await read.accepted.authenticate())).toEqual({ passwordMatches: true });
  });

  it("registration and settings: a required password, judged against the identity's identifiers, stored hashed", async () => {
    const { s, checked } = strategy();
    expect(await s.submit.settings({ method: 'password', password: '' }, settingsContext({ traits: {} }))).toEqual({
      fields: [{ node: 'password', message: expect.objectContaining({ id: 4000002 }) }],
    });
    const read = s.submit.registration({ method: 'password', password: 'ada@example.com' }, { schemaId: 'default', traits: { email: 'Ada@Example.com' } });
    if (!('accepted' in read)) throw new Error('expected an accepted password');
    expect(await read.accepted.check()).toEqual({ node: 'password', message: TOO_SIMILAR });
    expect(checked).toEqual([{ password: 'ada@example.com', identifiers: ['ada@example.com'] }]);
    expect(await read.accepted.hash()).toBe('hash:ada@example.com');
  });

  it('settings: an accepted password is PasswordChanged with the new hash in the sealed config only, and a notice', async () => {
    const { s } = strategy();
    const result = await s.submit.settings({ method: 'password', password: 'a long new passphrase' }, settingsContext({ traits: { email: 'ada@example.com' } }));
    expect(result.change?.events).toEqual([
      { type: 'PasswordChanged', version: 1, data: { identity_id: IDENTITY, flow_id: FLOW_ID, session_id: SESSION, changed_at: '2026-12-01T10:00:00.000Z' } },
    ]);
    expect(result.change?.configs).toEqual({ password: { hashed_password: 'hash:a long new passphrase' } });
    expect(result.change?.notice).toEqual({ notice: 'password_changed' });
    expect(JSON.stringify(result.change?.events)).not.toContain('passphrase');
  });
});

const IDENTITY = '7a1c0e52-0000-4000-8000-000000000001';
const SESSION = '7a1c0e52-0000-4000-8000-000000000002';
const FLOW_ID = '7a1c0e52-0000-4000-8000-000000000003';
const FLOW = { id: FLOW_ID } as never;

function settingsContext(identity: { traits: Record<string, unknown> }): SettingsContext {
  return {
    flow: FLOW,
    identity: { id: IDENTITY, schema_id: 'default', ...identity } as unknown as IdentityView,
    credentials: {},
    schema: {} as IdentitySchema,
    sessionId: SESSION,
    now: new Date('2026-12-01T10:00:00.000Z'),
  };
}
