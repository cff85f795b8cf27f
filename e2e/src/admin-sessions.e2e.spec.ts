import { Configuration, FrontendApi, IdentityApi } from '@ory/client';
import { Suite, expectKratosShape } from '@gatehouse/testing';

const PASSWORD = 'e2e admin sessions passphrase 4c7d';

describe('admin sessions end to end: log in → list the identity sessions on the admin port → disable one → whoami 401', () => {
  const suite = new Suite();

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  it('disables a session through the gateway admin listener with @ory/client IdentityApi', async () => {
    const ory = new FrontendApi(new Configuration({ basePath: suite.publicUrl }));
    const admin = new IdentityApi(new Configuration({ basePath: suite.adminUrl }));
    const email = `e2e.sessions.${Date.now()}@example.com`;
    const { data: regFlow } = await ory.createNativeRegistrationFlow();
    const { data: registered } = await ory.updateRegistrationFlow({ flow: regFlow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password: PASSWORD } });
    const identityId = registered.identity.id;
    const { data: loginFlow } = await ory.createNativeLoginFlow();
    const { data: login } = await ory.updateLoginFlow({ flow: loginFlow.id, updateLoginFlowBody: { method: 'password', identifier: email, password: PASSWORD } });

    const { data: sessions } = await admin.listIdentitySessions({ id: identityId, active: true });
    for (const s of sessions) expectKratosShape('session', s);
    expect(sessions.map((s) => s.id)).toContain(login.session.id);

    expect((await admin.disableSession({ id: login.session.id })).status).toBe(204);
    await expect(ory.toSession({ xSessionToken: login.session_token })).rejects.toMatchObject({ response: { status: 401 } });
    expect((await admin.getSession({ id: login.session.id })).data.active).toBe(false);
    const redirected = await fetch(`${suite.publicUrl}/admin/identities/${identityId}/sessions`, { redirect: 'manual' });
    expect(redirected.status).toBe(307);
  });
});
