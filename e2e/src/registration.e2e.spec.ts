import { Configuration, FrontendApi } from '@ory/client';
import { Suite, expectKratosShape, waitFor } from '@gatehouse/testing';

const PASSWORD = 'e2e secret passphrase 7a1f';

async function json(res: Response): Promise<any> {
  return res.json();
}

describe('the whole suite: gateway → flows → event store → Kafka → identity and notifier', () => {
  const suite = new Suite();
  /** Every password, token and code this file used: none may appear in any log or event. */
  const secrets: string[] = [PASSWORD];

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  it('every service is alive and ready', async () => {
    for (const port of Object.values(suite.ports)) {
      expect((await fetch(`http://127.0.0.1:${port}/health/alive`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    }
  });

  it('a native registration is readable on the admin port within a second and its verification mail arrives', async () => {
    const email = `e2e.${Date.now()}@example.com`;
    const flow = await json(await fetch(`${suite.publicUrl}/self-service/registration/api`));
    expect(flow.request_url).toBe(`${suite.publicUrl}/self-service/registration/api`);
    expectKratosShape('registrationFlow', flow);
    const res = await fetch(`${suite.publicUrl}/self-service/registration?flow=${flow.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ method: 'password', traits: { email }, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const answer = await json(res);
    expectKratosShape('successfulNativeRegistration', answer);
    const registered = answer.identity;
    const committedAt = Date.now();

    const admin = await waitFor(
      async () => {
        const r = await fetch(`${suite.adminUrl}/admin/identities/${registered.id}`);
        return r.status === 200 ? json(r) : undefined;
      },
      { timeoutMs: 1_000, intervalMs: 10, what: 'the identity on the admin port within a second' },
    );
    expect(Date.now() - committedAt).toBeLessThan(1_000);
    expect(admin).toMatchObject({
      id: registered.id,
      schema_id: 'default',
      state: 'active',
      traits: { email },
      verifiable_addresses: [{ value: email, verified: false, via: 'email', status: 'sent' }],
      recovery_addresses: [{ value: email, via: 'email' }],
      credentials: { password: { type: 'password', identifiers: [email] } },
    });
    expectKratosShape('identity', admin);
    expect(JSON.stringify(admin)).not.toMatch(/hashed_password|argon2/);
    const unprefixed = await fetch(`${suite.adminUrl}/identities/${registered.id}`);
    expect(await json(unprefixed)).toEqual(admin);

    const mail = await suite.sink.waitForMail(email, 10_000);
    expect(mail.subject).toBe('Please verify your email address');
    const code = mail.text.match(/\b(\d{6})\b/)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    secrets.push(code!);
    expect(mail.text).toMatch(new RegExp(`${suite.publicUrl}/self-service/verification\\?flow=[0-9a-f-]{36}&code=${code}`));

    // the courier message is visible on the admin port, sent, with the code redacted
    const messages = await waitFor(
      async () => {
        const list = await json(await fetch(`${suite.adminUrl}/admin/courier/messages?recipient=${encodeURIComponent(email)}`));
        return list.length === 1 && list[0].status === 'sent' ? list : undefined;
      },
      { what: 'the sent courier message' },
    );
    expectKratosShape('message', messages[0]);
    expect(messages[0]).toMatchObject({ recipient: email, template_type: 'verification_code_valid', send_count: 1 });
    expect(JSON.stringify(messages[0])).not.toContain(code!);

    // secrets never reach the logs of any service
    expect(suite.logs).not.toContain(PASSWORD);
    expect(suite.logs).not.toContain(code!);
  });

  it('a native client logs in, calls whoami and logs out through the gateway with @ory/client', async () => {
    const ory = new FrontendApi(new Configuration({ basePath: suite.publicUrl }));
    const email = `e2e.login.${Date.now()}@example.com`;
    const { data: regFlow } = await ory.createNativeRegistrationFlow();
    await ory.updateRegistrationFlow({ flow: regFlow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password: PASSWORD } });
    const { data: loginFlow } = await ory.createNativeLoginFlow();
    expectKratosShape('loginFlow', loginFlow);
    const { data: login } = await ory.updateLoginFlow({ flow: loginFlow.id, updateLoginFlowBody: { method: 'password', identifier: email, password: PASSWORD } });
    secrets.push(login.session_token!);
    const whoami = await ory.toSession({ xSessionToken: login.session_token });
    expect(whoami.data.identity?.traits).toEqual({ email });
    expect(whoami.headers['x-kratos-authenticated-identity-id']).toBe(whoami.data.identity?.id);
    await ory.performNativeLogout({ performNativeLogoutBody: { session_token: login.session_token! } });
    const after = await fetch(`${suite.publicUrl}/sessions/whoami`, { headers: { 'x-session-token': login.session_token! } });
    expect(after.status).toBe(401);
    expect((await json(after)).error.id).toBe('session_inactive');
    expect(suite.logs).not.toContain(login.session_token!);
    expect(suite.logs).not.toContain(PASSWORD);
  });

  it('the public port answers admin paths with a redirect to the admin port, never with data', async () => {
    const res = await fetch(`${suite.publicUrl}/admin/identities`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${suite.adminUrl}/admin/identities`);
  });

  describe('bad input through the gateway gets Kratos errors, never a 5xx', () => {
    const post = (query: string, body: string) =>
      fetch(`${suite.publicUrl}/self-service/registration${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it.each([
      ['malformed JSON', async () => post(`?flow=${(await json(await fetch(`${suite.publicUrl}/self-service/registration/api`))).id}`, '{"method":'), 400],
      ['missing flow id', async () => post('', '{}'), 400],
      ['unknown flow id', async () => post('?flow=5f2a6b0e-3c1d-4a8e-9f7b-1a2b3c4d5e6f', '{}'), 404],
      ['unknown identity', async () => fetch(`${suite.adminUrl}/admin/identities/5f2a6b0e-3c1d-4a8e-9f7b-1a2b3c4d5e6f`), 404],
      ['unknown route', async () => fetch(`${suite.publicUrl}/nowhere`), 404],
    ])('%s', async (_name, call, expected) => {
      const res = await call();
      expect(res.status).toBe(expected);
      const body = await json(res);
      expect(body.error).toMatchObject({ code: expected, status: expect.any(String), message: expect.any(String) });
      expectKratosShape('errorGeneric', body);
    });

    it('missing traits and an invalid e-mail come back on the flow', async () => {
      const flow = await json(await fetch(`${suite.publicUrl}/self-service/registration/api`));
      const email = (b: any) => b.ui.nodes.find((n: any) => n.attributes.name === 'traits.email').messages.map((m: any) => m.id);
      const missing = await post(`?flow=${flow.id}`, JSON.stringify({ method: 'password', password: PASSWORD }));
      expect(missing.status).toBe(400);
      expect(email(await json(missing))).toEqual([4000002]);
      const invalid = await post(`?flow=${flow.id}`, JSON.stringify({ method: 'password', traits: { email: 'not-an-email' }, password: PASSWORD }));
      expect(invalid.status).toBe(400);
      const invalidFlow = await json(invalid);
      expectKratosShape('registrationFlow', invalidFlow);
      expect(email(invalidFlow)).toEqual([4000001]);
    });
  });

  it('no password, session token or one-time code used above appears in any service log or published event', async () => {
    const events = JSON.stringify(await suite.topic.readAll());
    expect(events.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(suite.logs).not.toContain(secret);
      expect(events).not.toContain(secret);
    }
  });
});
