import type { RunningGateway } from '../app';
import { answerJson as json, gatewayBefore, StubUpstream, stubUpstream as stub } from './stub-upstream.int-support';

const ID = '6f9b6c2e-3f0a-4c51-9f3e-0d5c8f1d2a11';

/** Beyond Kratos: the admin API's ETag and If-Match go through the gateway untouched, both ways (the services
 * decide: apps/identity and apps/flows answer the ETag, flows checks If-Match), and a 412 is answered at once,
 * without waiting for the read model. */
describe('conditional admin requests through the gateway (stub services)', () => {
  let gw: RunningGateway;
  let flows: StubUpstream;
  let identity: StubUpstream;

  beforeAll(async () => {
    flows = await stub((s, res) => {
      if (s.method === 'GET') return json(res, 200, { id: ID }, { etag: '"3"' });
      if (s.headers['if-match'] !== '"3"') return json(res, 412, { error: { code: 412, status: 'Precondition Failed', message: 'The request precondition failed' } });
      if (s.method === 'DELETE') return res.writeHead(204, { 'x-gatehouse-await': `identity:${ID}@4` }).end();
      return json(res, 200, { id: ID }, { etag: '"4"', 'x-gatehouse-await': `identity:${ID}@4` });
    });
    identity = await stub((s, res) => (s.url === '/internal/await' ? json(res, 200, { caught_up: true }) : json(res, 200, { id: ID }, { etag: '"3"' })));
    gw = await gatewayBefore(flows, identity);
  });
  afterAll(async () => {
    await gw?.close();
    for (const s of [flows, identity]) await s?.close();
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
