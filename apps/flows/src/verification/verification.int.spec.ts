import { openCode } from '@gatehouse/contracts';
import { CookieJar, TEST_SECRETS, expectKratosShape, waitFor } from '@gatehouse/testing';
import { FlowsHarness } from '../../test/flows-harness';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** The verification flow against the flows service with its real Postgres schema and Kafka topic. */
describe('verification flow, code and link methods (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start({ SELFSERVICE_METHODS_LINK_ENABLED: 'true' }));
  afterAll(() => h.stop());

  async function newFlow(): Promise<any> {
    const res = await fetch(`${h.url}/self-service/verification/api`);
    expect(res.status).toBe(200);
    return res.json();
  }

  async function post(flowId: string, body: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${h.url}/self-service/verification?flow=${flowId}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  /** The records of one event type on the topic, parsed. */
  async function events(type: string, where: (data: any) => boolean = () => true, atLeast = 1): Promise<Array<{ raw: string; data: any }>> {
    const find = async () =>
      (await h.topic.readAll())
        .filter((r) => r.headers?.ce_type?.toString().includes(type))
        .map((r) => ({ raw: r.value!, data: JSON.parse(r.value!) }))
        .filter((r) => where(r.data));
    await waitFor(async () => (await find()).length >= atLeast, { what: `${atLeast} ${type} on Kafka` });
    return find();
  }

  async function registered(): Promise<{ email: string; identityId: string; registration: any }> {
    const email = `verify.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
    const { status, body } = await h.register(email);
    expect(status).toBe(200);
    return { email, identityId: body.identity.id, registration: body };
  }

  /** Requests a code on a new flow and opens it from the event, as only the notifier may. */
  async function requestCode(email: string): Promise<{ flow: any; code: string; raw: string; answer: any }> {
    const flow = await newFlow();
    const answer = await post(flow.id, { method: 'code', email });
    expect(answer.status).toBe(200);
    const [event] = await events('verification.requested', (d) => d.flow_id === flow.id);
    return { flow, code: openCode(event.data.sealed_code, TEST_SECRETS.cipher), raw: event.raw, answer: answer.body };
  }

  function whoami(token: string): Promise<any> {
    return fetch(`${h.url}/sessions/whoami`, { headers: { 'x-session-token': token } }).then((r) => r.json());
  }

  it('API flow: a code for a registered address → VerificationRequested (sealed) → submit → passed_challenge, AddressVerified, whoami verified', async () => {
    const { email, identityId, registration } = await registered();
    const flow = await newFlow();
    expectKratosShape('verificationFlow', flow);
    expect(flow).toMatchObject({ type: 'api', state: 'choose_method' });
    expect(flow.ui.nodes.map((n: any) => [n.attributes.name, n.attributes.type])).toEqual([
      ['email', 'email'],
      ['method', 'submit'],
    ]);

    const sent = await post(flow.id, { method: 'code', email });
    expect(sent.status).toBe(200);
    expectKratosShape('verificationFlow', sent.body);
    expect(sent.body).toMatchObject({ state: 'sent_email', active: 'code', ui: { messages: [expect.objectContaining({ id: 1080003, type: 'info' })] } });
    expect(sent.body.ui.nodes.find((n: any) => n.attributes.name === 'code').attributes).toMatchObject({ type: 'text', required: true, pattern: '[0-9]+' });

    const [event] = await events('verification.requested', (d) => d.flow_id === flow.id);
    expect(event.data).toMatchObject({ identity_id: identityId, address: email, via: 'email', method: 'code' });
    const code = openCode(event.data.sealed_code, TEST_SECRETS.cipher);
    expect(code).toMatch(/^\d{6}$/);
    expect(event.raw).not.toContain(`"${code}"`);
    const [stored] = await h.query<{ code_digest: string }>('SELECT code_digest FROM $schema.verification_codes WHERE flow_id = $1', [flow.id]);
    expect(stored.code_digest).not.toContain(code);
    expect(Date.parse(event.data.expires_at) - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const done = await post(flow.id, { method: 'code', code });
    expect(done.status).toBe(200);
    expectKratosShape('verificationFlow', done.body);
    expect(done.body).toMatchObject({ state: 'passed_challenge', ui: { messages: [{ id: 1080002, text: 'You successfully verified your email address.', type: 'success' }] } });
    const fetched = (await fetch(`${h.url}/self-service/verification/flows?id=${flow.id}`).then((r) => r.json())) as any;
    expect(fetched.state).toBe('passed_challenge');

    const [verified] = await events('address-verified', (d) => d.flow_id === flow.id);
    expect(verified.data).toMatchObject({ identity_id: identityId, address: email, via: 'email', method: 'code' });
    const session = await whoami(registration.session_token);
    expect(session.identity.verifiable_addresses).toEqual([
      expect.objectContaining({ value: email, verified: true, status: 'completed', verified_at: verified.data.verified_at }),
    ]);
  });

  it('the registration verification flow is fetchable and takes the mailed code', async () => {
    const { identityId } = await registered();
    const [event] = await events('identity.registered', (d) => d.identity_id === identityId);
    const flowId = event.data.verification.flow_id;
    const fetched = await fetch(`${h.url}/self-service/verification/flows?id=${flowId}`);
    expect(fetched.status).toBe(200);
    const flow = (await fetched.json()) as any;
    expect(flow).toMatchObject({ id: flowId, state: 'sent_email', active: 'code' });
    expect(Date.parse(event.data.verification.expires_at) - Date.parse(flow.issued_at)).toBe(10 * 60_000);
    const done = await post(flowId, { method: 'code', code: openCode(event.data.verification.sealed_code, TEST_SECRETS.cipher) });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('passed_challenge');
    await events('address-verified', (d) => d.flow_id === flowId);
  });

  it('the mailed link GET ?flow=&code= verifies (JSON answers with the flow)', async () => {
    const { email } = await registered();
    const { flow, code } = await requestCode(email);
    const res = await fetch(`${h.url}/self-service/verification?flow=${flow.id}&code=${code}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).state).toBe('passed_challenge');
  });

  it('refuses a used code, a code of another flow and a wrong code with 4070006', async () => {
    const { email } = await registered();
    const first = await requestCode(email);
    const second = await requestCode(email);
    // a code of another flow never fits this one
    const foreign = await post(second.flow.id, { method: 'code', code: first.code === second.code ? '000000' : first.code });
    expect(foreign.status).toBe(400);
    expect(foreign.body.ui.messages).toEqual([expect.objectContaining({ id: 4070006, type: 'error' })]);
    expect((await post(first.flow.id, { method: 'code', code: first.code })).status).toBe(200);
    const reused = await post(first.flow.id, { method: 'code', code: first.code });
    expect(reused.status).toBe(400);
    expect(reused.body.ui.messages).toEqual([expect.objectContaining({ id: 4070006 })]);
  });

  it('refuses an expired code with 4070005', async () => {
    const { email } = await registered();
    const { flow, code } = await requestCode(email);
    h.advance(11 * 60_000);
    const expired = await post(flow.id, { method: 'code', code });
    expect(expired.status).toBe(400);
    expect(expired.body.ui.messages).toEqual([expect.objectContaining({ id: 4070005, type: 'error' })]);
    const verified = (await h.events()).filter((e) => e.type === 'AddressVerified' && (e.data as any).flow_id === flow.id);
    expect(verified).toHaveLength(0);
  });

  it('after 5 wrong codes the 6th submission is refused, even with the right code', async () => {
    const { email } = await registered();
    const { flow, code } = await requestCode(email);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) {
      const r = await post(flow.id, { method: 'code', code: wrong });
      expect([r.status, r.body.ui.messages[0].id]).toEqual([400, 4070006]);
    }
    const sixth = await post(flow.id, { method: 'code', code });
    expect([sixth.status, sixth.body.ui.messages[0].id, sixth.body.state]).toEqual([400, 4070006, 'sent_email']);
  });

  it('an unknown address gets the same answer as a known one and no event with a code', async () => {
    const { email } = await registered();
    const unknown = `nobody.${Date.now()}@example.com`;
    const known = await requestCode(email);
    const flow = await newFlow();
    const answer = await post(flow.id, { method: 'code', email: unknown });
    expect(answer.status).toBe(200);
    const normalize = (b: any, id: string, address: string) =>
      JSON.parse(JSON.stringify(b).replaceAll(id, 'ID').replaceAll(address, 'ADDRESS').replace(/"(expires_at|issued_at)":"[^"]+"/g, '"$1":"T"'));
    expect(normalize(answer.body, flow.id, unknown)).toEqual(normalize(known.answer, known.flow.id, email));
    const events = (await h.events()).filter((e) => e.type === 'VerificationRequested' && (e.data as any).address === unknown);
    expect(events).toHaveLength(0);
    const all = await h.topic.readAll();
    expect(all.some((r) => r.value?.includes(unknown))).toBe(false);
    // and no code works on that flow
    expect((await post(flow.id, { method: 'code', code: '123456' })).body.ui.messages[0].id).toBe(4070006);
  });

  it('link method: a sealed token in VerificationRequested, the link verifies once, a bad token is 4070001', async () => {
    const { email, identityId } = await registered();
    const flow = await newFlow();
    const sent = await post(flow.id, { method: 'link', email });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: 'sent_email', active: 'link', ui: { messages: [expect.objectContaining({ id: 1080001 })] } });
    const [event] = await events('verification.requested', (d) => d.flow_id === flow.id);
    expect(event.data).toMatchObject({ method: 'link', identity_id: identityId });
    expect(event.data.sealed_code).toBeUndefined();
    const token = openCode(event.data.sealed_token, TEST_SECRETS.cipher);
    expect(event.raw).not.toContain(token);

    const bad = await fetch(`${h.url}/self-service/verification?flow=${flow.id}&token=not-the-token`, { headers: { accept: 'application/json' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).ui.messages).toEqual([expect.objectContaining({ id: 4070001 })]);

    const ok = await fetch(`${h.url}/self-service/verification?flow=${flow.id}&token=${token}`, { headers: { accept: 'application/json' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).state).toBe('passed_challenge');
    const again = await fetch(`${h.url}/self-service/verification?flow=${flow.id}&token=${token}`, { headers: { accept: 'application/json' } });
    expect(again.status).toBe(400);
    expect(((await again.json()) as any).ui.messages[0].id).toBe(4070001);
  });

  it('browser flow: 303 to the verification UI, and a clicked link sends the browser on', async () => {
    const init = await fetch(`${h.url}/self-service/verification/browser`, { redirect: 'manual' });
    expect(init.status).toBe(303);
    expect(init.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:4455\/verification\?flow=/);
    const { email } = await registered();
    const jar = new CookieJar();
    const spa = await jar.fetch(`${h.url}/self-service/verification/browser`, { headers: { accept: 'application/json' } });
    const flow = (await spa.json()) as any;
    expectKratosShape('verificationFlow', flow);
    const csrf = flow.ui.nodes[0].attributes;
    expect(csrf.name).toBe('csrf_token');
    // without the CSRF token the browser flow refuses
    const forged = await jar.fetch(`${h.url}/self-service/verification?flow=${flow.id}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'code', email }) });
    expect(forged.status).toBe(403);
    const sent = await jar.fetch(`${h.url}/self-service/verification?flow=${flow.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: 'code', email, csrf_token: csrf.value }).toString(),
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`http://127.0.0.1:4455/verification?flow=${flow.id}`);
    const [event] = await events('verification.requested', (d) => d.flow_id === flow.id);
    // the link from the mail, opened in any browser (no cookies): 303 on to the UI showing the passed flow
    const clicked = await fetch(`${h.url}/self-service/verification?flow=${flow.id}&code=${openCode(event.data.sealed_code, TEST_SECRETS.cipher)}`, { redirect: 'manual' });
    expect(clicked.status).toBe(303);
    expect(clicked.headers.get('location')).toBe(`http://127.0.0.1:4455/verification?flow=${flow.id}`);
    const passed = (await (await jar.fetch(`${h.url}/self-service/verification/flows?id=${flow.id}`, { headers: { accept: 'application/json' } })).json()) as any;
    expect(passed.state).toBe('passed_challenge');
  });
});
