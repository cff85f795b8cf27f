import { Configuration, FrontendApi } from '@ory/client';
import { Suite, expectKratosShape, waitFor } from '@gatehouse/testing';

const PASSWORD = 'e2e verify passphrase 3c9d';

describe('verification end to end: register → code from the mail → verified on the admin API and whoami', () => {
  const suite = new Suite();

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  it('submitting the mailed code through the gateway verifies the address everywhere', async () => {
    const ory = new FrontendApi(new Configuration({ basePath: suite.publicUrl }));
    const email = `e2e.verify.${Date.now()}@example.com`;
    const { data: regFlow } = await ory.createNativeRegistrationFlow();
    const { data: registered } = await ory.updateRegistrationFlow({
      flow: regFlow.id,
      updateRegistrationFlowBody: { method: 'password', traits: { email }, password: PASSWORD },
    });
    const identityId = registered.identity.id;

    // the code and the verification flow come from the mail in the sink
    const mail = await suite.sink.waitForMail(email, 10_000);
    const link = mail.text.match(/\/self-service\/verification\?flow=([0-9a-f-]{36})&code=(\d{6})/);
    expect(link).not.toBeNull();
    const [, flowId, code] = link!;

    const { data: flow } = await ory.getVerificationFlow({ id: flowId });
    expectKratosShape('verificationFlow', flow);
    expect(flow.state).toBe('sent_email');
    const { data: done } = await ory.updateVerificationFlow({ flow: flowId, updateVerificationFlowBody: { method: 'code', code } });
    expect(done.state).toBe('passed_challenge');
    expect(done.ui.messages?.map((m) => m.id)).toEqual([1080002]);

    const admin = await waitFor(
      async () => {
        const body = (await (await fetch(`${suite.adminUrl}/admin/identities/${identityId}`)).json()) as any;
        return body.verifiable_addresses?.[0]?.verified === true ? body : undefined;
      },
      { what: 'the verified address on the admin API' },
    );
    expect(admin.verifiable_addresses).toEqual([expect.objectContaining({ value: email, verified: true, status: 'completed', verified_at: expect.any(String) })]);
    expectKratosShape('identity', admin);

    const { data: session } = await ory.toSession({ xSessionToken: registered.session_token! });
    expect(session.identity?.verifiable_addresses).toEqual([expect.objectContaining({ value: email, verified: true, status: 'completed' })]);

    // a second submit of the same code is refused with Kratos's 4070006
    const again = await fetch(`${suite.publicUrl}/self-service/verification?flow=${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ method: 'code', code }),
    });
    expect(again.status).toBe(400);
    expect(suite.logs).not.toContain(code);
  });
});
