import { ScratchTopic, expectKratosShape, identityRegistered, waitFor } from '@gatehouse/testing';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { RunningIdentity, startIdentity } from '../app';
import { migrateIdentity } from '../migrate';
import { identityPagination } from './list-identities.query';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type Item = Record<string, unknown> & { id: string };

/** The Link header's targets by rel. */
function links(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (res.headers.get('link') ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)) out[m[2]] = m[1];
  return out;
}

describe('GET /admin/identities (service in-process, real Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idlist');
  const config = identityTestConfig('idlist', topic.name);
  const schema = new TestSchema(config);
  const events = ['ada', 'grace', 'edsger', 'barbara', 'alan'].map((name) => identityRegistered({ email: `${name}@example.com` }));
  const ids = events.map((e) => e.data.identity_id).sort();
  const ada = events[0].data.identity_id;
  let service: RunningIdentity;

  const get = (path: string) => fetch(`${service.url}${path}`);
  const list = async (path: string): Promise<{ res: Response; body: Item[] }> => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(NO_CACHE);
    const body = (await res.json()) as Item[];
    for (const item of body) expectKratosShape('identity', item);
    return { res, body };
  };
  const expect400 = async (path: string) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe(NO_CACHE);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body).toEqual({ error: { code: 400, status: 'Bad Request', reason: expect.any(String), message: expect.any(String) } });
    expectKratosShape('errorGeneric', body);
    return body.error.reason;
  };

  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create()]);
    service = await startIdentity(config, { logLevels: ['error'] });
    for (const event of events) await topic.publish(event);
    await waitFor(async () => {
      const r = await get('/admin/identities?page_size=500');
      return r.status === 200 && ((await r.json()) as unknown[]).length === events.length;
    }, { timeoutMs: 20_000, what: 'all five projected identities' });
  });

  afterAll(async () => {
    await service?.close();
    await topic.delete();
    await schema.close();
  });

  it('lists every identity ordered by id, without credentials by default, with rel="first" only', async () => {
    const { res, body } = await list('/admin/identities');
    expect(body.map((i) => i.id)).toEqual(ids);
    for (const item of body) {
      expect(item).not.toHaveProperty('credentials');
      expect(item).toHaveProperty('metadata_admin', null);
    }
    expect(Object.keys(links(res))).toEqual(['first']);
    expect(links(res).first).toBe(`/admin/identities?page_token=${identityPagination.encodeToken(undefined)}&page_size=250`);
  });

  it('pages through 5 identities 2 at a time by following the next links', async () => {
    const pages: string[][] = [];
    let path: string | undefined = '/admin/identities?page_size=2';
    let firstLink: string | undefined;
    while (path !== undefined) {
      const { res, body }: { res: Response; body: Item[] } = await list(path);
      pages.push(body.map((i) => i.id));
      const rels = links(res);
      firstLink ??= rels.first;
      expect(rels.first).toBe(firstLink);
      expect(rels.next ?? '').toMatch(rels.next ? /^\/admin\/identities\?page_token=[\w-]+&page_size=2$/ : /^$/);
      path = rels.next;
      expect(pages.length).toBeLessThanOrEqual(3);
    }
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    // rel="first" leads back to the first page
    expect((await list(firstLink!)).body.map((i) => i.id)).toEqual(ids.slice(0, 2));
  });

  it('maps per_page alone to page_size and serves the legacy /identities path', async () => {
    const { body, res } = await list('/identities?per_page=3');
    expect(body.map((i) => i.id)).toEqual(ids.slice(0, 3));
    expect(links(res).next).toMatch(/^\/identities\?page_token=[\w-]+&page_size=3$/);
  });

  it('filters by repeated ids (unknown ids ignored); a lookup by ids has no Link header', async () => {
    const wanted = [ids[3], ids[0]];
    const { res, body } = await list(`/admin/identities?ids=${wanted[0]}&ids=${wanted[1].toUpperCase()}&ids=00000000-0000-4000-8000-000000000000`);
    expect(body.map((i) => i.id)).toEqual([ids[0], ids[3]]);
    expect(res.headers.get('link')).toBeNull();
  });

  it('finds an identity by credentials_identifier, case-insensitively for e-mails, with its credential metadata', async () => {
    const { body } = await list(`/admin/identities?credentials_identifier=${encodeURIComponent('  ADA@Example.com ')}`);
    expect(body.map((i) => i.id)).toEqual([ada]);
    expect(body[0].credentials).toEqual({
      password: { type: 'password', identifiers: ['ada@example.com'], version: 0, created_at: expect.stringMatching(ISO), updated_at: expect.stringMatching(ISO) },
    });
    expect((await list('/admin/identities?credentials_identifier=nobody@example.com')).body).toEqual([]);
    // exact match only: a prefix is no identifier
    expect((await list('/admin/identities?credentials_identifier=ada')).body).toEqual([]);
  });

  it('include_credential=password adds credential metadata, never a config or hash, and the list equals the single GETs', async () => {
    const { body } = await list('/admin/identities?include_credential=password');
    expect(body.map((i) => i.id)).toEqual(ids);
    for (const item of body) {
      const credentials = item.credentials as Record<string, Record<string, unknown>>;
      expect(Object.keys(credentials)).toEqual(['password']);
      expect(credentials.password).not.toHaveProperty('config');
      expect(JSON.stringify(item)).not.toMatch(/hash/i);
      const single = await get(`/admin/identities/${item.id}`);
      expect(await single.json()).toEqual(item);
    }
    // and without include_credential the same documents minus credentials
    const { body: plain } = await list('/admin/identities');
    expect(plain).toEqual(body.map(({ credentials: _credentials, ...rest }) => rest));
  });

  it.each([
    ['credentials_identifier with ids', () => `/admin/identities?credentials_identifier=ada@example.com&ids=${ids[0]}`, /cannot combine/],
    ['credentials_identifier with a page token', () => `/admin/identities?credentials_identifier=ada@example.com&page_token=${identityPagination.encodeToken(ids[0])}`, /cannot combine/],
    ['ids with a page token', () => `/admin/identities?ids=${ids[0]}&page_token=${identityPagination.encodeToken(ids[0])}`, /cannot combine/],
    ['credentials_identifier with the similarity preview', () => '/admin/identities?credentials_identifier=a&preview_credentials_identifier_similar=a', /Cannot pass both/],
    ['a malformed id in ids', () => `/admin/identities?ids=${ids[0]}&ids=not-a-uuid`, /ids must be UUIDs/],
    ['page_size=0', () => '/admin/identities?page_size=0', /page_size/],
    ['page_size=abc', () => '/admin/identities?page_size=abc', /page_size/],
    ['a crafted page token', () => '/admin/identities?page_token=garbage', /page token is invalid/],
    ['an unknown include_credential', () => '/admin/identities?include_credential=hashes', /include_credential/],
  ])('refuses %s with the Kratos 400 envelope', async (_case, path, reason) => {
    expect(await expect400(path())).toMatch(reason);
  });

  it('clamps page_size above 500 to 500', async () => {
    const { res } = await list('/admin/identities?page_size=100000');
    expect(links(res).first).toMatch(/page_size=500$/);
  });
});
