import { CookieJar, Suite } from '@gatehouse/testing';

const PASSWORD = 'e2e browser passphrase 91c3';

/** Browser flows through the gateway: Set-Cookie (several per answer) and Location must pass through unchanged. */
describe('browser registration, whoami and logout through the gateway', () => {
  const suite = new Suite();

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  it('carries the CSRF and session cookies and the redirects end to end', async () => {
    const jar = new CookieJar();
    const init = await jar.fetch(`${suite.publicUrl}/self-service/registration/browser`);
    expect(init.status).toBe(303);
    const flowId = new URL(init.headers.get('location')!).searchParams.get('flow')!;
    expect(jar.names().some((n) => n.startsWith('csrf_token_'))).toBe(true);
    const flow = (await (await jar.fetch(`${suite.publicUrl}/self-service/registration/flows?id=${flowId}`, { headers: { accept: 'application/json' } })).json()) as any;
    expect(flow.ui.action).toBe(`${suite.publicUrl}/self-service/registration?flow=${flowId}`);
    const csrf = flow.ui.nodes.find((n: any) => n.attributes.name === 'csrf_token').attributes.value;

    const res = await jar.fetch(`${suite.publicUrl}/self-service/registration?flow=${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: csrf, method: 'password', 'traits.email': `e2e.browser.${Date.now()}@example.com`, password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:4455/');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ory_kratos_session=') && c.includes('HttpOnly'))).toBe(true);
    expect((await jar.fetch(`${suite.publicUrl}/sessions/whoami`)).status).toBe(200);

    const { logout_url } = (await (await jar.fetch(`${suite.publicUrl}/self-service/logout/browser`, { headers: { accept: 'application/json' } })).json()) as any;
    const out = await jar.fetch(logout_url);
    expect(out.status).toBe(303);
    expect((await jar.fetch(`${suite.publicUrl}/sessions/whoami`)).status).toBe(401);
  });
});
