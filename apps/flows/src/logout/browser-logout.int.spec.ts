import { expectKratosShape } from '@gatehouse/testing';
import { Browser, JSON_HEADERS, PASSWORD, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';

const UI = 'http://127.0.0.1:4455';

describe('browser logout and the error UI (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  const browser = () => new Browser(h.url);

  beforeAll(() => h.start({ SELFSERVICE_ALLOWED_RETURN_URLS: `${UI}/` }));
  afterAll(() => h.stop());

  it('logs a browser out: logout_url, then the token clears the cookie and redirects; the old cookie is dead', async () => {
    const b = browser();
    expect((await b.register(uniqueEmail('logout'))).status).toBe(303);
    const cookie = b.jar.get('ory_kratos_session')!;

    const res = await b.get('/self-service/logout/browser', JSON_HEADERS);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expectKratosShape('logoutFlow', body);
    expect(body.logout_token).toMatch(/^ory_lo_[A-Za-z0-9]{32}$/);
    expect(body.logout_url).toBe(`http://127.0.0.1:4433/self-service/logout?token=${body.logout_token}`);

    // a token minted earlier stops working once a new one is minted
    const again = (await (await b.get('/self-service/logout/browser', JSON_HEADERS)).json()) as any;
    expect((await b.get(`/self-service/logout?token=${body.logout_token}`, JSON_HEADERS)).status).toBe(403);

    const out = await b.get(`/self-service/logout?token=${again.logout_token}&return_to=${encodeURIComponent(`${UI}/bye`)}`);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe(`${UI}/bye`);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('ory_kratos_session='))).toMatch(/Max-Age=0/);
    expect(b.jar.get('ory_kratos_session')).toBeUndefined();
    const whoami = await fetch(`${h.url}/sessions/whoami`, { headers: { cookie: `ory_kratos_session=${cookie}` } });
    expect(whoami.status).toBe(401);
    expect(((await whoami.json()) as any).error.id).toBe('session_inactive');
  });

  it('answers 204 to a JSON logout and 401 session_inactive without a session', async () => {
    const b = browser();
    const { flow, csrf } = await b.spaFlow('registration');
    expect((await b.jsonPost('registration', flow.id, { csrf_token: csrf, method: 'password', traits: { email: uniqueEmail('spa-logout') }, password: PASSWORD })).status).toBe(200);
    const { logout_token } = (await (await b.get('/self-service/logout/browser', JSON_HEADERS)).json()) as any;
    const out = await b.get(`/self-service/logout?token=${logout_token}`, JSON_HEADERS);
    expect(out.status).toBe(204);
    expect((await b.whoami()).status).toBe(401);

    const none = await browser().get('/self-service/logout/browser', JSON_HEADERS);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.id).toBe('session_inactive');
  });

  it('a browser form post with a bad CSRF token lands on the error UI, which fetches the stored error', async () => {
    const b = browser();
    const { flow } = await b.browserFlow('login');
    const res = await b.formPost('login', flow.id, { csrf_token: 'forged', method: 'password', identifier: 'a@example.com', password: PASSWORD });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${UI}/error`);
    const id = location.searchParams.get('id')!;
    const stored = await fetch(`${h.url}/self-service/errors?id=${id}`);
    expect(stored.status).toBe(200);
    const body = (await stored.json()) as any;
    expect(body).toMatchObject({ id, error: { id: 'security_csrf_violation', code: 403, status: 'Forbidden' }, created_at: expect.any(String), updated_at: expect.any(String) });
    // Kratos's OpenAPI declares error.details with no properties, while Kratos itself sends docs/hint/reject_reason
    expectKratosShape('flowError', { ...body, error: { ...body.error, details: {} } });

    // an unknown flow on a form post goes to the error UI too; JSON clients get the envelope directly
    const unknown = await b.formPost('login', '7d0c2f9e-0000-4000-8000-000000000000', { method: 'password' });
    expect(unknown.status).toBe(303);
    expect(unknown.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:4455\/error\?id=/);
    const json = await b.jsonPost('login', '7d0c2f9e-0000-4000-8000-000000000000', { method: 'password' });
    expect(json.status).toBe(404);
    expect((await fetch(`${h.url}/self-service/errors?id=7d0c2f9e-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});
