import { openCode } from '@gatehouse/contracts';
import { CookieJar, TEST_SECRETS, waitFor } from '@gatehouse/testing';
import { FlowsHarness } from '../../test/flows-harness';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const OLD = 'a long and secret passphrase';
const NEW = 'another quite different passphrase';

/** Account recovery against the flows service with its real Postgres schema and Kafka topic. */
describe('recovery flow, code and link methods (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start({ SELFSERVICE_METHODS_LINK_ENABLED: 'true' }));
  afterAll(() => h.stop());

  async function newFlow(): Promise<any> {
    const res = await fetch(`${h.url}/self-service/recovery/api`);
    expect(res.status).toBe(200);
    return res.json();
  }

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  const recover = (flowId: string, body: unknown) => post(`/self-service/recovery?flow=${flowId}`, body);

  async function events(type: string, where: (data: any) => boolean = () => true): Promise<Array<{ raw: string; data: any }>> {
    const find = async () =>
      (await h.topic.readAll())
        .filter((r) => r.headers?.ce_type?.toString().includes(type))
        .map((r) => ({ raw: r.value!, data: JSON.parse(r.value!) }))
        .filter((r) => where(r.data));
    await waitFor(async () => (await find()).length >= 1, { what: `${type} on Kafka` });
    return find();
  }

  async function registered(): Promise<{ email: string; identityId: string; token: string }> {
    const email = `recover.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
    const { status, body } = await h.register(email, OLD);
    expect(status).toBe(200);
    return { email, identityId: body.identity.id, token: body.session_token };
  }

  async function requestCode(email: string): Promise<{ flow: any; code: string; raw: string; answer: any }> {
    const flow = await newFlow();
    const answer = await recover(flow.id, { method: 'code', email });
    expect(answer.status).toBe(200);
    const [event] = await events('recovery.requested', (d) => d.flow_id === flow.id);
    return { flow, code: openCode(event.data.sealed_code, TEST_SECRETS.cipher), raw: event.raw, answer: answer.body };
  }

  async function login(email: string, password: string): Promise<number> {
    const flow = (await fetch(`${h.url}/self-service/login/api`).then((r) => r.json())) as any;
    return (await post(`/self-service/login?flow=${flow.id}`, { method: 'password', identifier: email, password })).status;
  }

  const whoami = (token: string) => fetch(`${h.url}/sessions/whoami`, { headers: { 'x-session-token': token } });

  it('API: code → privileged session + settings flow → new password works at login, the old one not, other sessions revoked', async () => {
    const { email, identityId, token: before } = await registered();
    const flow = await newFlow();
    expect(flow).toMatchObject({ type: 'api', state: 'choose_method' });
    expect(flow.ui.nodes.map((n: any) => [n.attributes.name, n.attributes.type])).toEqual([
      ['email', 'email'],
      ['method', 'submit'],
    ]);
    const sent = await recover(flow.id, { method: 'code', email });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: 'sent_email', active: 'code', ui: { messages: [expect.objectContaining({ id: 1060003 })] } });
    expect(sent.body.ui.nodes.find((n: any) => n.attributes.name === 'code').meta.label.id).toBe(1070010);
    const [event] = await events('recovery.requested', (d) => d.flow_id === flow.id);
    expect(event.data).toMatchObject({ identity_id: identityId, address: email, method: 'code' });
    const code = openCode(event.data.sealed_code, TEST_SECRETS.cipher);
    expect(code).toMatch(/^\d{6}$/);
    expect(event.raw).not.toContain(code);
    const [stored] = await h.query<{ code_digest: string }>('SELECT code_digest FROM $schema.verification_codes WHERE flow_id = $1', [flow.id]);
    expect(stored.code_digest).not.toContain(code);

    const done = await recover(flow.id, { method: 'code', code });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('passed_challenge');
    const [setToken, showSettings] = done.body.continue_with;
    expect(setToken).toEqual({ action: 'set_ory_session_token', ory_session_token: expect.stringMatching(/^ory_st_/) });
    expect(showSettings).toEqual({ action: 'show_settings_ui', flow: { id: expect.any(String), url: `http://127.0.0.1:4455/settings?flow=${showSettings.flow.id}` } });
    const [succeeded] = await events('recovery.succeeded', (d) => d.flow_id === flow.id);
    expect(succeeded.data).toMatchObject({ identity_id: identityId, method: 'code', settings_flow_id: showSettings.flow.id });
    const [issued] = await events('session.issued', (d) => d.session_id === succeeded.data.session_id);
    expect(issued.data).toMatchObject({ reason: 'recovery', authentication_methods: [expect.objectContaining({ method: 'code_recovery' })] });
    // every other session of the identity ended
    expect((await whoami(before)).status).toBe(401);
    await events('session.revoked', (d) => d.identity_id === identityId && d.reason === 'recovery');

    const session = { 'x-session-token': setToken.ory_session_token };
    const settings = (await fetch(`${h.url}/self-service/settings/flows?id=${showSettings.flow.id}`, { headers: session }).then((r) => r.json())) as any;
    expect(settings).toMatchObject({ state: 'show_form', identity: { id: identityId }, ui: { messages: [expect.objectContaining({ id: 1060001, type: 'success' })] } });
    expect(settings.ui.nodes.filter((n: any) => n.group === 'password').map((n: any) => [n.attributes.name, n.attributes.autocomplete ?? n.meta.label?.id])).toEqual([
      ['password', 'new-password'],
      ['method', 1070003],
    ]);
    const saved = await post(`/self-service/settings?flow=${settings.id}`, { method: 'password', password: NEW }, session);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ state: 'success', ui: { messages: [{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }] } });
    const [changed] = await events('password.changed', (d) => d.flow_id === settings.id);
    expect(changed.raw).not.toContain(NEW);
    expect(await login(email, NEW)).toBe(200);
    expect(await login(email, OLD)).toBe(400);
  });

  it('an unknown address gets the same answer as a known one, and no event', async () => {
    const { email } = await registered();
    const unknown = `nobody.${Date.now()}@example.com`;
    const known = await requestCode(email);
    const flow = await newFlow();
    const answer = await recover(flow.id, { method: 'code', email: unknown });
    expect(answer.status).toBe(200);
    const normalize = (b: any, id: string, address: string) =>
      JSON.parse(JSON.stringify(b).replaceAll(id, 'ID').replaceAll(address, 'ADDRESS').replace(/"(expires_at|issued_at)":"[^"]+"/g, '"$1":"T"'));
    expect(normalize(answer.body, flow.id, unknown)).toEqual(normalize(known.answer, known.flow.id, email));
    expect((await h.events()).filter((e) => e.type === 'RecoveryRequested' && (e.data as any).address === unknown)).toHaveLength(0);
    expect((await recover(flow.id, { method: 'code', code: '123456' })).body.ui.messages[0].id).toBe(4060006);
  });

  it("refuses a used code and another flow's code with 4060006, an expired code with 4060005, and the 6th code after 5 wrong ones", async () => {
    const { email } = await registered();
    const first = await requestCode(email);
    const second = await requestCode(email);
    const foreign = await recover(second.flow.id, { method: 'code', code: first.code === second.code ? '000000' : first.code });
    expect([foreign.status, foreign.body.ui.messages[0].id]).toEqual([400, 4060006]);
    expect((await recover(first.flow.id, { method: 'code', code: first.code })).status).toBe(200);
    const reused = await recover(first.flow.id, { method: 'code', code: first.code });
    expect([reused.status, reused.body.ui.messages[0].id]).toEqual([400, 4060006]);

    const third = await requestCode(email);
    const wrong = third.code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) expect((await recover(third.flow.id, { method: 'code', code: wrong })).body.ui.messages[0].id).toBe(4060006);
    const sixth = await recover(third.flow.id, { method: 'code', code: third.code });
    expect([sixth.status, sixth.body.ui.messages[0].id, sixth.body.state]).toEqual([400, 4060006, 'sent_email']);

    const fourth = await requestCode(email);
    h.advance(11 * 60_000);
    const expired = await recover(fourth.flow.id, { method: 'code', code: fourth.code });
    expect([expired.status, expired.body.ui.messages[0].id]).toEqual([400, 4060005]);
    expect((await h.events()).filter((e) => e.type === 'RecoverySucceeded' && (e.data as any).flow_id === fourth.flow.id)).toHaveLength(0);
  });

  it('link method: a sealed token, the link recovers once, a bad or used token is 4060004', async () => {
    const { email } = await registered();
    const flow = await newFlow();
    const sent = await recover(flow.id, { method: 'link', email });
    expect(sent.body).toMatchObject({ state: 'sent_email', active: 'link', ui: { messages: [expect.objectContaining({ id: 1060002 })] } });
    const [event] = await events('recovery.requested', (d) => d.flow_id === flow.id);
    const token = openCode(event.data.sealed_token, TEST_SECRETS.cipher);
    expect(event.raw).not.toContain(token);
    const open = (t: string) => fetch(`${h.url}/self-service/recovery?flow=${flow.id}&token=${t}`, { headers: { accept: 'application/json' } });
    const bad = await open('not-the-token');
    expect([bad.status, ((await bad.json()) as any).ui.messages[0].id]).toEqual([400, 4060004]);
    const ok = await open(token);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).continue_with[0].action).toBe('set_ory_session_token');
    const again = await open(token);
    expect([again.status, ((await again.json()) as any).ui.messages[0].id]).toEqual([400, 4060004]);
  });

  it('browser: 303 to the settings UI with the session cookie; SPA: 422 browser_location_change_required', async () => {
    const { email } = await registered();
    for (const spa of [false, true]) {
      const jar = new CookieJar();
      const flow = (await (await jar.fetch(`${h.url}/self-service/recovery/browser`, { headers: { accept: 'application/json' } })).json()) as any;
      const csrf = flow.ui.nodes[0].attributes.value;
      const submit = (fields: Record<string, string>) =>
        jar.fetch(`${h.url}/self-service/recovery?flow=${flow.id}`, {
          method: 'POST',
          headers: spa ? JSON_HEADERS : { 'content-type': 'application/x-www-form-urlencoded' },
          body: spa ? JSON.stringify({ ...fields, csrf_token: csrf }) : new URLSearchParams({ ...fields, csrf_token: csrf }).toString(),
        });
      expect((await submit({ method: 'code', email })).status).toBe(spa ? 200 : 303);
      const [event] = await events('recovery.requested', (d) => d.flow_id === flow.id);
      const done = await submit({ method: 'code', code: openCode(event.data.sealed_code, TEST_SECRETS.cipher) });
      const cookie = jar.get('ory_kratos_session');
      expect(cookie).toMatch(/^ory_st_/);
      let to: string;
      if (spa) {
        expect(done.status).toBe(422);
        const body = (await done.json()) as any;
        expect(body.error.id).toBe('browser_location_change_required');
        to = body.redirect_browser_to;
      } else {
        expect(done.status).toBe(303);
        to = done.headers.get('location')!;
      }
      expect(to).toMatch(/^http:\/\/127\.0\.0\.1:4455\/settings\?flow=/);
      const settingsId = new URL(to).searchParams.get('flow')!;
      const settings = (await (await jar.fetch(`${h.url}/self-service/settings/flows?id=${settingsId}`, { headers: { accept: 'application/json' } })).json()) as any;
      expect(settings.ui.nodes[0].attributes.name).toBe('csrf_token');
      const saved = await jar.fetch(`${h.url}/self-service/settings?flow=${settingsId}`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ method: 'password', password: `${NEW} ${spa}`, csrf_token: settings.ui.nodes[0].attributes.value }),
      });
      expect(saved.status).toBe(200);
      expect(await login(email, `${NEW} ${spa}`)).toBe(200);
    }
  });

  it('admin code (201) and link (200) recover an identity; unknown identities are refused', async () => {
    const { identityId } = await registered();
    const code = await post('/admin/recovery/code', { identity_id: identityId, expires_in: '5m', flow_type: 'api' });
    expect(code.status).toBe(201);
    expect(code.body).toEqual({ recovery_link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:4455\/recovery\?flow=/), recovery_code: expect.stringMatching(/^\d{6}$/), expires_at: expect.any(String) });
    const flowId = new URL(code.body.recovery_link).searchParams.get('flow')!;
    const adminFlow = (await fetch(`${h.url}/self-service/recovery/flows?id=${flowId}`).then((r) => r.json())) as any;
    expect(adminFlow).toMatchObject({ state: 'sent_email', active: 'code', expires_at: code.body.expires_at });
    expect(Date.parse(adminFlow.expires_at) - Date.parse(adminFlow.issued_at)).toBe(5 * 60_000);
    const done = await recover(flowId, { method: 'code', code: code.body.recovery_code });
    expect(done.status).toBe(200);
    expect(done.body.continue_with[0].ory_session_token).toMatch(/^ory_st_/);

    const link = await post('/admin/recovery/link', { identity_id: identityId });
    expect(link.status).toBe(200);
    expect(link.body.recovery_link).toMatch(/\/self-service\/recovery\?flow=.+&token=.+/);
    const clicked = await fetch(link.body.recovery_link.replace(/^http:\/\/127\.0\.0\.1:4433/, h.url), { redirect: 'manual' });
    expect(clicked.status).toBe(303);
    expect(clicked.headers.get('location')).toMatch(/\/settings\?flow=/);
    expect(clicked.headers.getSetCookie().some((c) => c.startsWith('ory_kratos_session='))).toBe(true);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await post('/admin/recovery/code', { identity_id: unknown })).status).toBe(404);
    expect((await post('/admin/recovery/link', { identity_id: unknown })).status).toBe(400);
  });
});
