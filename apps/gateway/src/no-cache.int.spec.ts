import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '@gatehouse/config';
import { KratosError } from '@gatehouse/contracts';
import { RunningGateway, startGateway } from './app';
import { gatewayConfigSchema } from './config.schema';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';
const DOWN = 'http://127.0.0.1:9';
const FLOW = '0f7ad6c4-55a4-4a4b-9d6b-2f8f1d0c6e11';

/** Answers as flows does today, headers included: its thrown errors carry no Cache-Control, its flow answers
 * (GET and POST alike) carry one, and one answer carries a header of its own that must not reach a client. */
function flowsLike(req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  };
  const url = new URL(req.url ?? '/', 'http://flows');
  const route = `${req.method} ${url.pathname}${url.searchParams.has('id') || url.searchParams.has('flow') ? '?' : ''}`;
  switch (route) {
    case 'GET /sessions/whoami':
    case 'HEAD /sessions/whoami':
      return json(401, new KratosError(401, { id: 'session_inactive', reason: 'No active session was found in this request.' }).toEnvelope());
    case 'GET /self-service/login/flows':
      return json(400, KratosError.badRequest('The flow query parameter is missing or malformed.').toEnvelope());
    case 'GET /self-service/login/flows?':
      return json(410, new KratosError(410, { id: 'self_service_flow_expired' }, { use_flow_id: FLOW }).toEnvelope());
    case 'GET /self-service/login/api':
      return json(200, { id: FLOW, type: 'api' }, { 'cache-control': 'public, max-age=600' });
    case 'GET /self-service/login/browser':
      return void res.writeHead(303, { location: `http://ui.example.test/login?flow=${FLOW}`, 'cache-control': NO_CACHE }).end();
    case 'POST /self-service/login?':
      return json(400, { id: FLOW, type: 'api', ui: { messages: [{ id: 4000006 }] } }, { 'cache-control': NO_CACHE });
    case 'DELETE /sessions':
      return void res.writeHead(204, { 'cache-control': NO_CACHE }).end();
    default:
      return json(404, KratosError.notFound().toEnvelope());
  }
}

describe('Cache-Control: as Kratos, on every GET answer of both ports and on no other', () => {
  let upstream: Server;
  let gw: RunningGateway;

  beforeAll(async () => {
    upstream = createServer(flowsLike);
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
    const flows = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gw = await startGateway(
      loadConfig(gatewayConfigSchema, {
        argv: [],
        env: { SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0', FLOWS_URL: flows, IDENTITY_URL: DOWN, NOTIFIER_URL: flows, SERVE_ADMIN_BASE_URL: 'http://admin.example.test/' },
      }),
    );
  });
  afterAll(async () => {
    await gw.close();
    await new Promise((done) => upstream.close(done));
  });

  const cacheControl = async (base: string, path: string, method = 'GET') => {
    const res = await fetch(`${base}${path}`, { method, redirect: 'manual', headers: { accept: 'application/json' } });
    await res.arrayBuffer();
    return [method, path, res.status, res.headers.get('cache-control')];
  };

  it('marks whoami, its 401 included, and every flow GET (init, get, redirect, 400, 410) private and uncacheable', async () => {
    for (const [path, status] of [
      ['/sessions/whoami', 401],
      ['/self-service/login/api', 200],
      ['/self-service/login/browser', 303],
      ['/self-service/login/flows', 400],
      [`/self-service/login/flows?id=${FLOW}`, 410],
    ] as const) {
      expect(await cacheControl(gw.publicUrl, path)).toEqual(['GET', path, status, NO_CACHE]);
    }
  });

  it("marks the gateway's own GET answers too: errors, redirects, health", async () => {
    expect(await cacheControl(gw.publicUrl, '/nope')).toEqual(['GET', '/nope', 404, NO_CACHE]);
    expect(await cacheControl(gw.publicUrl, '/identities')).toEqual(['GET', '/identities', 307, NO_CACHE]);
    expect(await cacheControl(gw.adminUrl, '/self-service/login/api')).toEqual(['GET', '/self-service/login/api', 307, NO_CACHE]);
    expect(await cacheControl(gw.adminUrl, '/admin/identities')).toEqual(['GET', '/admin/identities', 502, NO_CACHE]);
    expect(await cacheControl(gw.adminUrl, '/health/ready')).toEqual(['GET', '/health/ready', 503, NO_CACHE]);
    expect(await cacheControl(gw.publicUrl, '/health/alive')).toEqual(['GET', '/health/alive', 200, NO_CACHE]);
  });

  it('sends none on other methods, even when the service behind sent one (Kratos sets it for GET only)', async () => {
    expect(await cacheControl(gw.publicUrl, `/self-service/login?flow=${FLOW}`, 'POST')).toEqual(['POST', `/self-service/login?flow=${FLOW}`, 400, null]);
    expect(await cacheControl(gw.publicUrl, '/sessions', 'DELETE')).toEqual(['DELETE', '/sessions', 204, null]);
    expect(await cacheControl(gw.publicUrl, '/sessions/whoami', 'HEAD')).toEqual(['HEAD', '/sessions/whoami', 401, null]);
  });
});
