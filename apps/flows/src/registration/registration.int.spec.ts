import { openCode } from '@gatehouse/contracts';
import { PwnedRangeServer, TEST_SECRETS, expectKratosShape, sha1, waitFor } from '@gatehouse/testing';
import { codeMatches } from '../verification/verification-code';
import { Browser, JSON_HEADERS, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';

const PASSWORD = 'a long and secret passphrase';

describe('native registration through the flows service (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('creates an API flow in Kratos shape', async () => {
    const res = await fetch(`${h.url}/self-service/registration/api`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache, no-store, must-revalidate');
    const flow = (await res.json()) as any;
    expectKratosShape('registrationFlow', flow);
    expect(flow).toMatchObject({ type: 'api', state: 'choose_method', organization_id: null, ui: { method: 'POST' } });
    expect(flow.ui.action).toBe(`http://127.0.0.1:4433/self-service/registration?flow=${flow.id}`);
    expect(Date.parse(flow.expires_at) - Date.parse(flow.issued_at)).toBe(3_600_000);
    expect(flow.ui.nodes.map((n: any) => n.attributes.name)).toEqual(['traits.email', 'traits.name.first', 'traits.name.last', 'password', 'method']);
    const fetched = await fetch(`${h.url}/self-service/registration/flows?id=${flow.id}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(flow);
  });

  it('registers an identity, keeps the hash on the write side and publishes the event without secrets', async () => {
    const email = `ada.${Date.now()}@Example.com`;
    const { status, body } = await h.register(email, PASSWORD);
    expect(status).toBe(200);
    const identity = body.identity;
    expect(identity).toMatchObject({ schema_id: 'default', state: 'active', traits: { email }, metadata_public: null, organization_id: null });
    expect(identity.verifiable_addresses).toEqual([expect.objectContaining({ value: email.toLowerCase(), verified: false, via: 'email', status: 'sent' })]);
    // the `session` hook (on by default, as in Kratos's quickstart) issues a session right away
    expect(body.session_token).toMatch(/^ory_st_[A-Za-z0-9]{32}$/);
    expect(body.session).toMatchObject({ active: true, authenticator_assurance_level: 'aal1', identity: { id: identity.id } });
    expect(body.continue_with).toEqual([
      { action: 'set_ory_session_token', ory_session_token: body.session_token },
      {
        action: 'show_verification_ui',
        flow: { id: expect.any(String), verifiable_address: email.toLowerCase(), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:4455\/verification\?flow=[0-9a-f-]{36}$/) },
      },
    ]);
    expectKratosShape('successfulNativeRegistration', body);
    // the verification flow it names is the one the mailed code belongs to
    const verificationFlow = await fetch(`${h.url}/self-service/verification/flows?id=${body.continue_with[1].flow.id}`);
    expect(verificationFlow.status).toBe(200);

    const [credential] = await h.query<{ identifiers: string[]; config: { hashed_password: string } }>(
      'SELECT identifiers, config FROM $schema.identity_credentials WHERE identity_id = $1',
      [identity.id],
    );
    expect(credential.identifiers).toEqual([email.toLowerCase()]);
    expect(credential.config.hashed_password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    await waitFor(async () => (await h.topic.count()) >= 1, { what: 'the event on Kafka' });
    const record = (await h.topic.readAll()).find((r) => r.key === identity.id);
    expect(record?.headers).toMatchObject({ ce_type: 'sh.gatehouse.identity.registered.v1', ce_subject: identity.id, ce_source: '/gatehouse/flows' });
    expect(record?.value).not.toContain(PASSWORD);
    expect(record?.value).not.toContain(credential.config.hashed_password);
    const data = JSON.parse(record!.value);
    const code = openCode(data.verification.sealed_code, TEST_SECRETS.cipher);
    expect(code).toMatch(/^\d{6}$/);
    expect(record?.value).not.toContain(`"${code}"`);
    const [stored] = await h.query<{ code_digest: string; flow_id: string }>('SELECT code_digest, flow_id FROM $schema.verification_codes WHERE identity_id = $1', [identity.id]);
    expect(stored.flow_id).toBe(data.verification.flow_id);
    expect(codeMatches(code, stored.flow_id, stored.code_digest, TEST_SECRETS.default[0])).toBe(true);
  });

  it('answers a duplicate identifier (any case) with the flow and message 4000007', async () => {
    const email = `dup.${Date.now()}@example.com`;
    expect((await h.register(email)).status).toBe(200);
    const { status, body } = await h.register(email.toUpperCase());
    expect(status).toBe(400);
    expect(body.ui.messages).toEqual([{ id: 4000007, text: 'An account with the same identifier (email, phone, username, ...) exists already.', type: 'error' }]);
    expect(body.ui.nodes.find((n: any) => n.attributes.name === 'traits.email').attributes.value).toBe(email.toUpperCase());
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
  });

  it('25 concurrent registrations of one email make exactly one identity and 24 answers with 4000007', async () => {
    const email = `race.${Date.now()}@example.com`;
    const flows = await Promise.all(Array.from({ length: 25 }, () => h.newFlow()));
    const answers = await Promise.all(flows.map((f) => h.submit(f.id, { method: 'password', traits: { email }, password: PASSWORD })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 400);
    expect(refused).toHaveLength(24);
    expect(refused.every((a) => a.body.ui.messages[0].id === 4000007)).toBe(true);
    const events = (await h.events()).filter((e) => e.type === 'IdentityRegistered' && (e.data as any).traits.email === email);
    expect(events).toHaveLength(1);
  });

  it('refuses a second submit of a completed flow', async () => {
    const flow = await h.newFlow();
    const body = { method: 'password', traits: { email: `twice.${Date.now()}@example.com` }, password: PASSWORD };
    expect((await h.submit(flow.id, body)).status).toBe(200);
    const again = await h.submit(flow.id, { ...body, traits: { email: `other.${Date.now()}@example.com` } });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 400, status: 'Bad Request' });
  });

  describe('bad input gets a Kratos answer, never a 5xx', () => {
    it('malformed JSON → 400 error envelope', async () => {
      const flow = await h.newFlow();
      const { status, body } = await h.submit(flow.id, '{"method": "password",');
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 400, status: 'Bad Request', message: expect.any(String), reason: expect.stringMatching(/decode JSON/) });
    });

    it('a body that is not an object → 400 error envelope', async () => {
      const flow = await h.newFlow();
      const { status, body } = await h.submit(flow.id, '[1,2]');
      expect(status).toBe(400);
      expect(body.error.code).toBe(400);
    });

    it('missing flow id → 400; unknown or malformed flow id → 404', async () => {
      const missing = await h.submit(undefined, { method: 'password' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.reason).toBe('The flow query parameter is missing or malformed.');
      for (const id of ['7e6c2b1a-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const unknown = await h.submit(id, { method: 'password' });
        expect(unknown.status).toBe(404);
        expect(unknown.body.error).toMatchObject({ code: 404, status: 'Not Found' });
      }
    });

    it('missing traits → the flow with 4000002 on traits.email', async () => {
      const flow = await h.newFlow();
      const { status, body } = await h.submit(flow.id, { method: 'password', password: PASSWORD });
      expect(status).toBe(400);
      expect(body.id).toBe(flow.id);
      const node = body.ui.nodes.find((n: any) => n.attributes.name === 'traits.email');
      expect(node.messages).toEqual([{ id: 4000002, text: 'Property email is missing.', type: 'error', context: { property: 'email' } }]);
    });

    it('invalid email → 4000001; missing password → 4000002; short password → 4000032; unknown method → 4010003', async () => {
      const flow = await h.newFlow();
      const invalid = await h.submit(flow.id, { method: 'password', traits: { email: 'nope' } });
      const byName = (b: any, name: string) => b.ui.nodes.find((n: any) => n.attributes.name === name).messages.map((m: any) => m.id);
      expect(byName(invalid.body, 'traits.email')).toEqual([4000001]);
      expect(byName(invalid.body, 'password')).toEqual([4000002]);
      const short = await h.submit(flow.id, { method: 'password', traits: { email: 'a@example.com' }, password: 'short' });
      expect(byName(short.body, 'password')).toEqual([4000032]);
      const method = await h.submit(flow.id, { method: 'webauthn', traits: { email: 'a@example.com' } });
      expect(method.status).toBe(400);
      expect(method.body.ui.messages.map((m: any) => m.id)).toEqual([4010003]);
    });

    it('accepts an HTML form body with dotted trait names', async () => {
      const flow = await h.newFlow();
      const email = `form.${Date.now()}@example.com`;
      const form = new URLSearchParams({ method: 'password', 'traits.email': email, password: PASSWORD }).toString();
      const { status, body } = await h.submit(flow.id, form, 'application/x-www-form-urlencoded');
      expect(status).toBe(200);
      expect(body.identity.traits.email).toBe(email);
    });

    it('an expired flow → 410 self_service_flow_expired with a fresh flow to use', async () => {
      const flow = await h.newFlow();
      h.advance(61 * 60_000);
      try {
        const { status, body } = await h.submit(flow.id, { method: 'password', traits: { email: 'late@example.com' }, password: PASSWORD });
        expect(status).toBe(410);
        expect(body.error).toMatchObject({ id: 'self_service_flow_expired', code: 410, status: 'Gone' });
        expectKratosShape('errorGeneric', body);
        expect(body.use_flow_id).toEqual(expect.any(String));
        expect(body.since).toBeGreaterThan(0);
        const fresh = await fetch(`${h.url}/self-service/registration/flows?id=${body.use_flow_id}`);
        expect(fresh.status).toBe(200);
        const fetchedOld = await fetch(`${h.url}/self-service/registration/flows?id=${flow.id}`);
        expect(fetchedOld.status).toBe(410);
      } finally {
        h.advance(-61 * 60_000);
      }
    });
  });

  it('is ready when Postgres and Kafka are', async () => {
    const res = await fetch(`${h.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('registration applies the password policy (haveibeenpwned through a local range server)', () => {
  const range = new PwnedRangeServer().breached('password1234', 3_000);
  const h = new FlowsHarness();

  beforeAll(async () => {
    const origin = await range.start();
    await h.start({ SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'true', SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_HOST: origin });
  });
  afterAll(async () => {
    await h.stop();
    await range.stop();
  });

  const passwordMessages = (body: any) => body.ui.nodes.find((n: any) => n.attributes.name === 'password').messages.map((m: any) => m.id);

  it('refuses a breached password with 4000034, and only the 5-character SHA-1 prefix left', async () => {
    const { status, body } = await h.register(`breached.${Date.now()}@example.com`, 'password1234');
    expect(status).toBe(400);
    expect(passwordMessages(body)).toEqual([4000034]);
    expect(range.requests.map((r) => r.path)).toEqual(['/range/' + sha1('password1234').slice(0, 5)]);
    expect(range.requests.map((r) => r.raw).join('\n')).not.toContain('password1234');
  });

  it('refuses a password too similar to the identifier with 4000031, and accepts a good one', async () => {
    const email = `similar.${Date.now()}@example.com`;
    expect(passwordMessages((await h.register(email, email)).body)).toEqual([4000031]);
    expect((await h.register(email, PASSWORD)).status).toBe(200);
  });
});

describe('two-step (profile_first) registration', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start({ SELFSERVICE_FLOWS_REGISTRATION_STYLE: 'profile_first' }));
  afterAll(() => h.stop());

  const names = (body: any) => body.ui.nodes.map((n: any) => `${n.attributes.name}:${n.attributes.type}${n.attributes.value !== undefined && n.attributes.type === 'submit' ? `=${n.attributes.value}` : ''}`);

  it('asks for the traits first, then for a credential, and can go back', async () => {
    const flow = (await h.newFlow()) as any;
    expect(names(flow)).toEqual(['traits.email:email', 'traits.name.first:text', 'traits.name.last:text', 'method:submit=profile']);
    const email = `two.step.${Date.now()}@example.com`;

    const invalid = await h.submit(flow.id, { method: 'profile', traits: { email: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(names(invalid.body)).toEqual(names(flow));
    expect(invalid.body.ui.nodes[0].messages.map((m: any) => m.id)).toEqual([4000001]);

    const step2 = await h.submit(flow.id, { method: 'profile', traits: { email, name: { first: 'Ada' } } });
    expect(step2.status).toBe(400);
    expectKratosShape('registrationFlow', step2.body);
    expect(step2.body.ui.messages).toEqual([{ id: 1040009, text: 'Please choose a credential to authenticate yourself with.', type: 'info' }]);
    expect(names(step2.body)).toEqual(['traits.email:hidden', 'traits.name.first:hidden', 'traits.name.last:hidden', 'password:password', 'method:submit=password', 'screen:submit=previous']);
    expect(step2.body.ui.nodes[0].attributes.value).toBe(email);
    const fetched = await (await fetch(`${h.url}/self-service/registration/flows?id=${flow.id}`)).json();
    expect(names(fetched)).toEqual(names(step2.body));

    const back = await h.submit(flow.id, { method: 'profile', screen: 'previous', traits: { email } });
    expect(names(back.body)).toEqual(names(flow));
    expect(back.body.ui.nodes[0].attributes.value).toBe(email);

    await h.submit(flow.id, { method: 'profile', traits: { email } });
    const done = await h.submit(flow.id, { method: 'password', traits: { email }, password: PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body.identity.traits).toEqual({ email });
  });

  it('still accepts the one-shot password submit without step 1', async () => {
    const { status } = await h.register(`one.shot.${Date.now()}@example.com`);
    expect(status).toBe(200);
  });
});

describe('the show_verification_ui hook', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start({ SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: '[{"hook":"show_verification_ui"},{"hook":"session"}]' }));
  afterAll(() => h.stop());

  it('sends a browser to the verification UI of the flow the mail belongs to, with the session cookie', async () => {
    const browser = new Browser(h.url);
    const res = await browser.register(uniqueEmail('hook'));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:4455/verification');
    const flow = await browser.get(`/self-service/verification/flows?id=${location.searchParams.get('flow')}`, JSON_HEADERS);
    expect(flow.status).toBe(200);
    expect(((await flow.json()) as { state: string }).state).toBe('sent_email');
    expect((await browser.get('/sessions/whoami')).status).toBe(200);
  });

  it('without the hook a browser goes to the return URL', async () => {
    const plain = new FlowsHarness();
    await plain.start();
    try {
      const res = await new Browser(plain.url).register(uniqueEmail('nohook'));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('http://127.0.0.1:4455/');
    } finally {
      await plain.stop();
    }
  });
});
