import type { RunningGateway } from '../app';
import { answerJson as json, gatewayBefore, StubUpstream, stubUpstream as stub } from './stub-upstream.int-support';

const ID = '0b7e1d2c-5a4f-4e3b-8c9d-1f2a3b4c5d6e';
const CATCH_UP_MS = 300;

/** Issue 9: a self-service answer of flows that changed an identity carries x-gatehouse-await; on the public port
 * the gateway holds it (JSON or redirect) until the identity read model has caught up, then strips the header. */
describe('read-your-writes on the public port (stub services)', () => {
  let gw: RunningGateway;
  let flows: StubUpstream;
  let identity: StubUpstream;

  beforeAll(async () => {
    flows = await stub((s, res) => {
      if (s.method === 'POST' && s.url.startsWith('/self-service/verification')) return json(res, 200, { state: 'passed_challenge' }, { 'x-gatehouse-await': `identity:${ID}@3` });
      if (s.method === 'POST' && s.url.startsWith('/self-service/settings')) return res.writeHead(303, { location: 'http://ui.test/settings', 'x-gatehouse-await': `identity:${ID}@4` }).end();
      if (s.method === 'POST' && s.url.startsWith('/self-service/recovery')) return json(res, 422, { error: { id: 'browser_location_change_required' } }, { 'x-gatehouse-await': `identity:${ID}@5` });
      return json(res, 200, { id: 'flow' });
    });
    identity = await stub((s, res) => {
      if (s.url !== '/internal/await') return json(res, 404, {});
      setTimeout(() => json(res, 200, { caught_up: true }), CATCH_UP_MS);
    });
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

  const call = async (method: string, path: string) => {
    const started = Date.now();
    const res = await fetch(`${gw.publicUrl}${path}`, { method, redirect: 'manual', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get('location'), internal: res.headers.get('x-gatehouse-await'), tookMs: Date.now() - started };
  };
  const awaited = () => identity.seen.filter((s) => s.url === '/internal/await').map((s) => JSON.parse(s.body).tokens);

  it.each([
    ['a JSON answer', '/self-service/verification?flow=f', 200, `identity:${ID}@3`],
    ['a browser redirect', '/self-service/settings?flow=f', 303, `identity:${ID}@4`],
    ['an SPA 422 (browser location change)', '/self-service/recovery?flow=f', 422, `identity:${ID}@5`],
  ])('%s carrying the header waits for the read model and goes out without the header', async (_what, path, status, token) => {
    const res = await call('POST', path);
    expect(res).toMatchObject({ status, internal: null });
    expect(res.tookMs).toBeGreaterThanOrEqual(CATCH_UP_MS - 20);
    expect(awaited()).toEqual([[token]]);
    if (status === 303) expect(res.location).toBe('http://ui.test/settings');
  });

  it('an answer without the header goes out at once, without asking the read model', async () => {
    const res = await call('GET', '/self-service/verification/flows?id=f');
    expect(res).toMatchObject({ status: 200, internal: null });
    expect(res.tookMs).toBeLessThan(CATCH_UP_MS);
    expect(awaited()).toEqual([]);
  });
});
