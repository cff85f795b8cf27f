import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@gatehouse/config';
import { RunningGateway, startGateway } from '../app';
import { gatewayConfigSchema } from '../config.schema';

const ID = '6f9b6c2e-3f0a-4c51-9f3e-0d5c8f1d2a11';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A service behind the gateway that records what reached it and answers with `respond`. */
async function stub(respond: (seen: Seen, res: ServerResponse) => void): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers };
      seen.push(s);
      respond(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/** Beyond Kratos: the admin API's ETag and If-Match go through the gateway untouched, both ways (the services
 * decide: apps/identity and apps/flows answer the ETag, flows checks If-Match), and a 412 is answered at once,
 * without waiting for the read model. */
describe('conditional admin requests through the gateway (stub services)', () => {
  let gw: RunningGateway;
  let flows: Awaited<ReturnType<typeof stub>>;
  let identity: Awaited<ReturnType<typeof stub>>;

  beforeAll(async () => {
    flows = await stub((s, res) => {
      if (s.method === 'GET') return json(res, 200, { id: ID }, { etag: '"3"' });
      if (s.headers['if-match'] !== '"3"') return json(res, 412, { error: { code: 412, status: 'Precondition Failed', message: 'The request precondition failed' } });
      if (s.method === 'DELETE') return res.writeHead(204, { 'x-gatehouse-await': `identity:${ID}@4` }).end();
      return json(res, 200, { id: ID }, { etag: '"4"', 'x-gatehouse-await': `identity:${ID}@4` });
    });
    identity = await stub((s, res) => (s.url === '/internal/await' ? json(res, 200, { caught_up: true }) : json(res, 200, { id: ID }, { etag: '"3"' })));
    gw = await startGateway(
      loadConfig(gatewayConfigSchema, {
        argv: [],
        env: { SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0', FLOWS_URL: flows.url, IDENTITY_URL: identity.url, NOTIFIER_URL: 'http://127.0.0.1:9' },
      }),
    );
  });
  afterAll(async () => {
    await gw?.close();
    for (const s of [flows, identity]) await new Promise((resolve) => s?.server.close(resolve));
  });
  beforeEach(() => {
    flows.seen.length = 0;
    identity.seen.length = 0;
  });

  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gw.adminUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: method === 'GET' || method === 'DELETE' ? undefined : '[]' });
    await res.arrayBuffer();
    return { status: res.status, etag: res.headers.get('etag'), internal: res.headers.get('x-gatehouse-await') };
  };
  const awaits = () => identity.seen.filter((s) => s.url === '/internal/await').length;

  it('passes the ETag of a GET back, from identity and from flows (include_credential)', async () => {
    expect(await call('GET', `/admin/identities/${ID}`)).toEqual({ status: 200, etag: '"3"', internal: null });
    expect(await call('GET', `/identities/${ID}?include_credential=password`)).toEqual({ status: 200, etag: '"3"', internal: null });
    expect([identity.seen.length, flows.seen.length]).toEqual([1, 1]);
  });

  it.each(['PATCH', 'PUT', 'DELETE'])('forwards If-Match on %s, and the answer (a PUT or PATCH with its new ETag) once the read model caught up', async (method) => {
    const res = await call(method, `/admin/identities/${ID}`, { 'if-match': '"3"' });
    expect(res).toEqual({ status: method === 'DELETE' ? 204 : 200, etag: method === 'DELETE' ? null : '"4"', internal: null });
    expect(flows.seen.map((s) => [s.method, s.url, s.headers['if-match']])).toEqual([[method, `/admin/identities/${ID}`, '"3"']]);
    expect(awaits()).toBe(1);
  });

  it.each(['PATCH', 'PUT', 'DELETE'])('answers the 412 of %s at once, without waiting for the read model', async (method) => {
    expect(await call(method, `/identities/${ID}`, { 'if-match': '"2"' })).toEqual({ status: 412, etag: null, internal: null });
    expect(flows.seen.map((s) => s.headers['if-match'])).toEqual(['"2"']);
    expect(awaits()).toBe(0);
  });
});
