import { loadConfig } from '@gatehouse/config';
import { RunningGateway, startGateway } from './app';
import { gatewayConfigSchema } from './config.schema';

// Nothing listens on these ports: the services behind the gateway are down.
const DOWN = 'http://127.0.0.1:9';

describe('gateway with its services down', () => {
  let gw: RunningGateway;

  beforeAll(async () => {
    gw = await startGateway(
      loadConfig(gatewayConfigSchema, {
        argv: [],
        env: { SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0', FLOWS_URL: DOWN, IDENTITY_URL: DOWN, NOTIFIER_URL: DOWN, SERVE_ADMIN_BASE_URL: 'http://admin.example.test/' },
      }),
    );
  });
  afterAll(() => gw.close());

  it('is alive but not ready, and names what is missing', async () => {
    expect((await fetch(`${gw.publicUrl}/health/alive`)).status).toBe(200);
    const ready = await fetch(`${gw.adminUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(Object.keys(((await ready.json()) as { errors: object }).errors).sort()).toEqual(['flows', 'identity', 'notifier']);
  });

  it('answers 502 in Kratos envelope when a service does not answer', async () => {
    const res = await fetch(`${gw.publicUrl}/self-service/registration/api`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      error: { code: 502, status: 'Bad Gateway', reason: 'The flows service did not answer.', message: 'A third-party upstream service responded improperly' },
    });
  });

  it('forwards the WebAuthn script on the public port to flows', async () => {
    const res = await fetch(`${gw.publicUrl}/.well-known/ory/webauthn.js`);
    expect([res.status, ((await res.json()) as { error: { reason: string } }).error.reason]).toEqual([502, 'The flows service did not answer.']);
  });

  it('redirects admin paths on the public port to the admin base URL, with the query', async () => {
    const res = await fetch(`${gw.publicUrl}/identities?page_size=2`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('http://admin.example.test/identities?page_size=2');
  });

  it('routes admin sessions, history and identity changes to flows, and identity reads to identity', async () => {
    const id = '6f9b6c2e-3f0a-4c51-9f3e-0d5c8f1d2a11';
    const reasonOf = async (path: string, method = 'GET') => ((await (await fetch(`${gw.adminUrl}${path}`, { method })).json()) as { error: { reason: string } }).error.reason;
    for (const [path, method] of [
      ['/admin/sessions?page_size=2', 'GET'],
      ['/sessions', 'GET'],
      [`/admin/sessions/${id}`, 'DELETE'],
      [`/sessions/${id}/extend`, 'PATCH'],
      [`/admin/identities/${id}/sessions`, 'GET'],
      [`/identities/${id}/sessions`, 'DELETE'],
      [`/admin/identities/${id}/events`, 'GET'],
      ['/admin/identities', 'POST'],
      ['/identities', 'PATCH'],
      [`/admin/identities/${id}`, 'PUT'],
      [`/identities/${id}`, 'DELETE'],
      [`/admin/identities/${id}/credentials/password`, 'DELETE'],
      [`/admin/identities/${id}?include_credential=password`, 'GET'],
    ]) {
      expect([path, await reasonOf(path!, method)]).toEqual([path, 'The flows service did not answer.']);
    }
    for (const path of ['/admin/identities', `/admin/identities/${id}`, '/identities/by/external/ext-1', '/admin/identities?include_credential=password']) {
      expect([path, await reasonOf(path)]).toEqual([path, 'The identity service did not answer.']);
    }
  });

  it('redirects the admin session paths on the public port, but keeps /sessions public', async () => {
    for (const path of ['/admin/sessions?active=true', '/admin/sessions/abc/extend', '/admin/identities/abc/sessions']) {
      const res = await fetch(`${gw.publicUrl}${path}`, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 307, `http://admin.example.test${path}`]);
    }
    const whoami = await fetch(`${gw.publicUrl}/sessions/whoami`, { redirect: 'manual' });
    expect(whoami.status).toBe(502);
  });

  it('answers unknown routes with a 404 envelope on both ports', async () => {
    for (const base of [gw.publicUrl, gw.adminUrl]) {
      const res = await fetch(`${base}/nope`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(404);
    }
  });
});
