import { AdminClient, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

describe('DELETE /admin/identities/{id}/credentials/{type} (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const removeCredential = (id: string, type: string, query = '') => admin.call('DELETE', `/admin/identities/${id}/credentials/${type}${query}`);
  const oidc = (subject: string) => ({ oidc: { config: { providers: [{ provider: 'github', subject }, { provider: 'google', subject }] } } });

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('refuses to remove the last first factor (400) and a credential the identity lacks (404); code and passkey are not removable', async () => {
    const identity = await admin.createUser(uniqueEmail('last'));
    const last = await removeCredential(identity.id, 'password');
    expect(last).toMatchObject({ status: 400, body: { error: { code: 400, reason: 'You cannot remove the last first factor credential.', message: 'The request was malformed or contained invalid parameters' } } });
    expect((await removeCredential(identity.id, 'totp')).body.error).toMatchObject({ code: 404, reason: 'You tried to remove a totp but this user have no totp set up.' });
    expect((await removeCredential(identity.id, 'oidc', '?identifier=github:x')).status).toBe(404);
    expect((await removeCredential(identity.id, 'code')).status).toBe(400);
    expect((await removeCredential(identity.id, 'passkey')).status).toBe(400);
    expect((await removeCredential(identity.id, 'magic')).status).toBe(400);
    expect((await removeCredential('0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41', 'password')).status).toBe(404);
    expect((await admin.get(identity.id)).body).toEqual(identity);
  });

  it('with OIDC and a password: removing the password is a 204 (claims released, login refused); OIDC providers go one by one', async () => {
    const email = uniqueEmail('both');
    const subject = `sub-${Date.now()}`;
    const identity = await admin.createUser(email, { credentials: { password: { config: { password: 'first factor one 111' } }, ...oidc(subject) } });
    expect((await admin.login(email, 'first factor one 111')).status).toBe(200);

    const res = await removeCredential(identity.id, 'password');
    expect(res.status).toBe(204);
    expect(res.headers.get('x-gatehouse-await')).toBe(`identity:${identity.id}@2`);
    expect(Object.keys((await admin.get(identity.id)).body.credentials)).toEqual(['oidc']);
    expect((await admin.login(email, 'first factor one 111')).status).toBe(400);
    const [removed] = await admin.events('sh.gatehouse.credentials.removed.v1', (d) => d.identity_id === identity.id);
    expect(removed).toEqual({ identity_id: identity.id, type: 'password', identifiers: [email.toLowerCase()], remaining_identifiers: [], actor: { type: 'admin' } });
    expect((await h.register(email)).status).toBe(200);

    expect((await removeCredential(identity.id, 'oidc')).status).toBe(400);
    expect((await removeCredential(identity.id, 'oidc', '?identifier=gitlab:nobody')).status).toBe(404);
    expect((await removeCredential(identity.id, 'oidc', `?identifier=github:${subject}`)).status).toBe(204);
    const left = (await admin.get(identity.id, '?include_credential=oidc')).body.credentials.oidc;
    expect(left).toMatchObject({ identifiers: [`google:${subject}`], config: { providers: [{ provider: 'google', subject }] } });
    expect((await removeCredential(identity.id, 'oidc', `?identifier=google:${subject}`)).body.error.reason).toBe('You cannot remove the last first factor credential.');
    const other = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('github') }, credentials: { oidc: { config: { providers: [{ provider: 'github', subject }] } } } });
    expect(other.status).toBe(201);
  });
});
