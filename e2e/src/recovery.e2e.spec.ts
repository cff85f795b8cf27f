import { Configuration, FrontendApi } from '@ory/client';
import { Suite, waitFor } from '@gatehouse/testing';

const OLD = 'e2e recovery old passphrase 7a1f';
const NEW = 'e2e recovery new passphrase 9b2e';

describe('recovery end to end: register → code from the mail → new password in settings → login with it', () => {
  const suite = new Suite();

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  it('recovers an account through the gateway with the mailed code', async () => {
    const ory = new FrontendApi(new Configuration({ basePath: suite.publicUrl }));
    const email = `e2e.recover.${Date.now()}@example.com`;
    const { data: regFlow } = await ory.createNativeRegistrationFlow();
    await ory.updateRegistrationFlow({ flow: regFlow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password: OLD } });
    // the registration's verification mail comes first; wait for it so the recovery mail is the next one
    await suite.sink.waitForMail(email, 10_000);

    const { data: flow } = await ory.createNativeRecoveryFlow();
    const { data: sent } = await ory.updateRecoveryFlow({ flow: flow.id, updateRecoveryFlowBody: { method: 'code', email } });
    expect(sent.state).toBe('sent_email');
    const mail = await waitFor(() => suite.sink.mailsTo(email).find((m) => m.subject === 'Recover access to your account'), { timeoutMs: 10_000, what: 'the recovery mail' });
    const code = mail.text.match(/\b(\d{6})\b/)![1];

    const { data: done } = await ory.updateRecoveryFlow({ flow: flow.id, updateRecoveryFlowBody: { method: 'code', code } });
    expect(done.state).toBe('passed_challenge');
    const token = (done.continue_with as any[]).find((c) => c.action === 'set_ory_session_token').ory_session_token;
    const settingsId = (done.continue_with as any[]).find((c) => c.action === 'show_settings_ui').flow.id;

    const { data: settings } = await ory.getSettingsFlow({ id: settingsId, xSessionToken: token });
    expect(settings.ui.messages?.map((m) => m.id)).toEqual([1060001]);
    const { data: saved } = await ory.updateSettingsFlow({ flow: settingsId, xSessionToken: token, updateSettingsFlowBody: { method: 'password', password: NEW } });
    expect(saved.state).toBe('success');

    const { data: loginFlow } = await ory.createNativeLoginFlow();
    const { data: login } = await ory.updateLoginFlow({ flow: loginFlow.id, updateLoginFlowBody: { method: 'password', identifier: email, password: NEW } });
    expect(login.session_token).toMatch(/^ory_st_/);
    const { data: oldFlow } = await ory.createNativeLoginFlow();
    await expect(ory.updateLoginFlow({ flow: oldFlow.id, updateLoginFlowBody: { method: 'password', identifier: email, password: OLD } })).rejects.toMatchObject({ response: { status: 400 } });
    expect(suite.logs).not.toContain(code);
  });

  it('the admin listener serves /admin/recovery/code; the public one redirects it', async () => {
    const pub = await fetch(`${suite.publicUrl}/admin/recovery/code`, { method: 'POST', redirect: 'manual' });
    expect(pub.status).toBe(307);
    expect(pub.headers.get('location')).toBe(`${suite.adminUrl}/admin/recovery/code`);
    const unknown = await fetch(`${suite.adminUrl}/recovery/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity_id: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(unknown.status).toBe(404);
  });
});
