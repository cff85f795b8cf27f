import { UiText } from '@gatehouse/contracts';
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
    expect(s.submit.login({ method: 'password' })).toEqual({
      fields: [
        { node: 'identifier', message: expect.objectContaining({ id: 4000002 }) },
        { node: 'password', message: expect.objectContaining({ id: 4000002 }) },
      ],
    });
    const read = s.submit.login({ method: 'password', password_identifier: 'ada', password: 'pw' });
    expect('accepted' in read && (await read.accepted.authenticate())).toEqual({ passwordMatches: true });
  });

  it("registration and settings: a required password, judged against the identity's identifiers, stored hashed", async () => {
    const { s, checked } = strategy();
    expect(s.submit.settings({ method: 'password', password: '' }, { schemaId: 'default', traits: {} })).toEqual({
      fields: [{ node: 'password', message: expect.objectContaining({ id: 4000002 }) }],
    });
    const read = s.submit.registration({ method: 'password', password: 'ada@example.com' }, { schemaId: 'default', traits: { email: 'Ada@Example.com' } });
    if (!('accepted' in read)) throw new Error('expected an accepted password');
    expect(await read.accepted.check()).toEqual({ node: 'password', message: TOO_SIMILAR });
    expect(checked).toEqual([{ password: 'ada@example.com', identifiers: ['ada@example.com'] }]);
    expect(await read.accepted.hash()).toBe('hash:ada@example.com');
  });
});
