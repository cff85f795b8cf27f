import { expectKratosShape } from '@gatehouse/testing';
import { Browser, JSON_HEADERS, PASSWORD, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';

const UI = 'http://127.0.0.1:4455';

describe('browser and SPA login and registration: CSRF, the session cookie, return_to (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  const browser = () => new Browser(h.url);

  beforeAll(() => h.start({ SELFSERVICE_ALLOWED_RETURN_URLS: `${UI}/,https://app.example.com/welcome` }));
  afterAll(() => h.stop());

  it('browser init sets the CSRF cookie and redirects to the UI; the flow starts with the hidden csrf_token', async () => {
    const b = browser();
    const res = await b.get('/self-service/login/browser');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${UI}/login`);
    const [csrfCookie] = b.jar.names().filter((n) => n.startsWith('csrf_token_'));
    expect(csrfCookie).toMatch(/^csrf_token_[0-9a-f]{64}$/);
    expect(b.jar.attributes(csrfCookie)).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    const flow = (await (await b.get(`/self-service/login/flows?id=${location.searchParams.get('flow')}`, JSON_HEADERS)).json()) as any;
    expectKratosShape('loginFlow', flow);
    expect(flow.type).toBe('browser');
    expect(flow.ui.nodes[0]).toEqual({
      type: 'input',
      group: 'default',
      attributes: { name: 'csrf_token', type: 'hidden', value: expect.any(String), required: true, disabled: false, node_type: 'input' },
      messages: [],
      meta: {},
    });
  });

  it('browser registration and login: 303 to the return URL with the session cookie, which whoami accepts', async () => {
    const b = browser();
    const email = uniqueEmail('browser');
    const registered = await b.register(email);
    expect(registered.status).toBe(303);
    expect(registered.headers.get('location')).toBe(`${UI}/`);
    expect(b.jar.attributes('ory_kratos_session')).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect((await b.whoami()).status).toBe(200);

    const other = browser();
    const { flow, csrf } = await other.browserFlow('login');
    const res = await other.formPost('login', flow.id, { csrf_token: csrf, method: 'password', identifier: email, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${UI}/`);
    const whoami = await other.whoami();
    expect(whoami.status).toBe(200);
    expect(((await whoami.json()) as any).identity.traits.email).toBe(email);
  });

  it('SPA registration and login answer 200 JSON with the cookie and never a session_token', async () => {
    const b = browser();
    const email = uniqueEmail('spa');
    const reg = await b.spaFlow('registration');
    expectKratosShape('registrationFlow', reg.flow);
    const registered = await b.jsonPost('registration', reg.flow.id, { csrf_token: reg.csrf, method: 'password', traits: { email }, password: PASSWORD });
    expect(registered.status).toBe(200);
    const body = (await registered.json()) as any;
    expect(body).toMatchObject({ identity: { traits: { email } }, session: { active: true } });
    expect(body.session_token).toBeUndefined();
    expectKratosShape('session', body.session);
    expect(b.jar.get('ory_kratos_session')).toMatch(/^ory_st_/);

    const other = browser();
    const login = await other.spaFlow('login');
    const res = await other.jsonPost('login', login.flow.id, { csrf_token: login.csrf, method: 'password', identifier: email, password: PASSWORD });
    expect(res.status).toBe(200);
    const loggedIn = (await res.json()) as any;
    expect(loggedIn.session_token).toBeUndefined();
    expectKratosShape('session', loggedIn.session);
    expect((await other.whoami()).status).toBe(200);
  });

  it('refuses a missing or wrong CSRF token, and another browser fetching the flow, with 403 security_csrf_violation', async () => {
    const b = browser();
    const { flow, csrf } = await b.spaFlow('login');
    const missing = await b.jsonPost('login', flow.id, { method: 'password', identifier: 'a@example.com', password: PASSWORD });
    expect(missing.status).toBe(403);
    const missingBody = (await missing.json()) as any;
    // Kratos's OpenAPI declares error.details with no properties at all, while Kratos itself sends docs/hint/reject_reason
    expectKratosShape('errorGeneric', { error: { ...missingBody.error, details: {} } });
    expect(missingBody.error).toMatchObject({ id: 'security_csrf_violation', code: 403, details: { docs: expect.any(String), hint: expect.stringContaining('csrf_token') } });

    const wrong = await b.jsonPost('login', flow.id, { csrf_token: `${csrf.slice(0, -4)}AAA=`, method: 'password', identifier: 'a@example.com', password: PASSWORD });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as any).error).toMatchObject({ id: 'security_csrf_violation', details: { reject_reason: expect.stringContaining('do not match') } });

    const stranger = browser();
    const stolen = await stranger.jsonPost('login', flow.id, { csrf_token: csrf, method: 'password', identifier: 'a@example.com', password: PASSWORD });
    expect(stolen.status).toBe(403);
    const fetched = await stranger.get(`/self-service/login/flows?id=${flow.id}`, JSON_HEADERS);
    expect(fetched.status).toBe(403);
    expect(((await fetched.json()) as any).error).toMatchObject({ id: 'security_csrf_violation', details: { reject_reason: 'The HTTP Cookie Header is empty or not set.' } });
    // a token of one flow works for every flow of the same browser (one cookie), as nosurf's do
    expect((await b.get(`/self-service/login/flows?id=${flow.id}`, JSON_HEADERS)).status).toBe(200);
  });

  it('a failed browser form post redirects back to the UI; the flow fetched afterwards carries the message and values', async () => {
    const b = browser();
    const email = uniqueEmail('failed');
    expect((await b.register(email)).status).toBe(303);

    const stranger = browser();
    const { flow, csrf } = await stranger.browserFlow('login');
    const res = await stranger.formPost('login', flow.id, { csrf_token: csrf, method: 'password', identifier: email, password: 'not the password' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${UI}/login?flow=${flow.id}`);
    const after = (await (await stranger.get(`/self-service/login/flows?id=${flow.id}`, JSON_HEADERS)).json()) as any;
    expectKratosShape('loginFlow', after);
    expect(after.ui.messages).toEqual([expect.objectContaining({ id: 4000006, type: 'error' })]);
    expect(after.ui.nodes.find((n: any) => n.attributes.name === 'identifier').attributes.value).toBe(email);

    const reg = await stranger.browserFlow('registration');
    const dup = await stranger.formPost('registration', reg.flow.id, { csrf_token: reg.csrf, method: 'password', 'traits.email': email, password: PASSWORD });
    expect(dup.status).toBe(303);
    expect(dup.headers.get('location')).toBe(`${UI}/registration?flow=${reg.flow.id}`);
    const regAfter = (await (await stranger.get(`/self-service/registration/flows?id=${reg.flow.id}`, JSON_HEADERS)).json()) as any;
    expectKratosShape('registrationFlow', regAfter);
    expect(regAfter.ui.messages).toEqual([expect.objectContaining({ id: 4000007 })]);
    expect(regAfter.ui.nodes.find((n: any) => n.attributes.name === 'traits.email').attributes.value).toBe(email);
    expect(JSON.stringify(regAfter)).not.toContain(PASSWORD);

    // SPA: the same failure is a 400 with the flow
    const spa = await stranger.spaFlow('login');
    const spaRes = await stranger.jsonPost('login', spa.flow.id, { csrf_token: spa.csrf, method: 'password', identifier: email, password: 'not the password' });
    expect(spaRes.status).toBe(400);
    expectKratosShape('loginFlow', await spaRes.json());
  });

  it('an expired browser flow sends the browser to a fresh flow; an SPA gets 410 with use_flow_id', async () => {
    const b = browser();
    const form = await b.browserFlow('login');
    const spa = await b.spaFlow('registration');
    h.advance(60 * 60_000 + 1_000);
    try {
      const res = await b.formPost('login', form.flow.id, { csrf_token: form.csrf, method: 'password', identifier: 'x@example.com', password: PASSWORD });
      expect(res.status).toBe(303);
      const freshId = new URL(res.headers.get('location')!).searchParams.get('flow');
      expect(freshId).not.toBe(form.flow.id);
      const fresh = (await (await b.get(`/self-service/login/flows?id=${freshId}`, JSON_HEADERS)).json()) as any;
      expect(fresh).toMatchObject({ type: 'browser', ui: { messages: [expect.objectContaining({ id: 4010001 })] } });

      const gone = await b.jsonPost('registration', spa.flow.id, { csrf_token: spa.csrf, method: 'password', traits: { email: 'x@example.com' }, password: PASSWORD });
      expect(gone.status).toBe(410);
      const body = (await gone.json()) as any;
      expectKratosShape('errorGeneric', body);
      expect(body.error.id).toBe('self_service_flow_expired');
      expect((await b.get(`/self-service/registration/flows?id=${body.use_flow_id}`, JSON_HEADERS)).status).toBe(200);
    } finally {
      h.advance(-(60 * 60_000 + 1_000));
    }
  });

  it('return_to must be allowed: an allowed one is where the browser lands, a forbidden one is a 400', async () => {
    const b = browser();
    const email = uniqueEmail('return');
    const returnTo = 'https://app.example.com/welcome/home?x=1';
    const { flow, csrf } = await b.browserFlow('registration', `?return_to=${encodeURIComponent(returnTo)}`);
    expect(flow.return_to).toBe(returnTo);
    const res = await b.formPost('registration', flow.id, { csrf_token: csrf, method: 'password', 'traits.email': email, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(returnTo);

    for (const bad of ['https://evil.example.com/', 'https://app.example.com/other', 'http://app.example.com/welcome']) {
      const refused = await browser().get(`/self-service/login/browser?return_to=${encodeURIComponent(bad)}`, JSON_HEADERS);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as any;
      expectKratosShape('errorGeneric', body);
      expect(body.error.id).toBe('self_service_flow_return_to_forbidden');
    }
  });

  it('session_already_available: a browser with a session is sent to the return URL, an SPA gets 400', async () => {
    const b = browser();
    expect((await b.register(uniqueEmail('already'))).status).toBe(303);
    for (const kind of ['login', 'registration'] as const) {
      const redirected = await b.get(`/self-service/${kind}/browser`);
      expect(redirected.status).toBe(303);
      expect(redirected.headers.get('location')).toBe(`${UI}/`);
      const json = await b.get(`/self-service/${kind}/browser`, JSON_HEADERS);
      expect(json.status).toBe(400);
      expect(((await json.json()) as any).error.id).toBe('session_already_available');
    }
    expect((await b.get('/self-service/login/browser?refresh=true', JSON_HEADERS)).status).toBe(200);
  });
});
