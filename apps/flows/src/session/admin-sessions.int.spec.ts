import { Configuration, FrontendApi, IdentityApi } from '@ory/client';
import { expectKratosShape, refused, waitFor } from '@gatehouse/testing';
import { FlowsHarness } from '../../test/flows-harness';

const PASSWORD = 'correct horse battery staple 42';
const HOUR = 60 * 60_000;
const UNKNOWN = '0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41';


const nextToken = (link: string | undefined): string | undefined => {
  const next = link?.split(',').find((l) => l.includes('rel="next"'));
  return next ? (new URL(next.slice(next.indexOf('<') + 1, next.indexOf('>')), 'http://x').searchParams.get('page_token') ?? undefined) : undefined;
};

describe('admin sessions API, driven with @ory/client IdentityApi (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let ory: FrontendApi;
  let admin: IdentityApi;

  const register = async () => {
    const email = `adm.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
    const { status, body } = await h.register(email, PASSWORD);
    expect(status).toBe(200);
    return { email, identityId: body.identity.id as string, sessionId: body.session.id as string, token: body.session_token as string };
  };
  const login = async (identifier: string) => {
    const { data: flow } = await ory.createNativeLoginFlow();
    const { data } = await ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password: PASSWORD } });
    return { sessionId: data.session.id, token: data.session_token! };
  };
  const whoamiStatus = async (token: string) => (await fetch(`${h.url}/sessions/whoami`, { headers: { 'x-session-token': token } })).status;
  const events = async (type: string, where: (d: any) => boolean) =>
    waitFor(
      async () => {
        const found = (await h.topic.readAll()).filter((r) => r.headers?.ce_type?.toString() === `sh.gatehouse.${type}.v1`).map((r) => JSON.parse(r.value!)).filter(where);
        return found.length ? found : undefined;
      },
      { what: `${type} on Kafka`, timeoutMs: 15_000 },
    );

  beforeAll(async () => {
    await h.start({ SESSION_EARLIEST_POSSIBLE_EXTEND: '1h' });
    ory = new FrontendApi(new Configuration({ basePath: h.url }));
    admin = new IdentityApi(new Configuration({ basePath: h.url }));
  });
  afterAll(() => h.stop());

  it('lists every session newest first across pages, following the Link header', async () => {
    const mine = [await register(), await register(), await register()].map((r) => r.sessionId);
    const seen: any[] = [];
    let pageToken: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const res = await admin.listSessions({ pageSize: 2, pageToken });
      expect(res.data.length).toBeLessThanOrEqual(2);
      expect(res.headers.link).toContain('rel="first"');
      for (const s of res.data) expectKratosShape('session', s);
      seen.push(...res.data);
      pageToken = nextToken(res.headers.link);
      if (!pageToken) break;
    }
    expect(pageToken).toBeUndefined();
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(mine));
    const issued = seen.map((s) => Date.parse(s.issued_at));
    expect([...issued].sort((a, b) => b - a)).toEqual(issued);
    expect(seen[0].identity).toBeUndefined();
    const bad = await refused(admin.listSessions({ pageToken: 'not-a-token' }));
    expect(bad.status).toBe(400);
  });

  it('gets a session, with its identity only when expand=identity; 404 unknown, 400 malformed', async () => {
    const r = await register();
    const plain = await admin.getSession({ id: r.sessionId });
    expectKratosShape('session', plain.data);
    expect(plain.data).toMatchObject({ id: r.sessionId, active: true });
    expect(plain.data.identity).toBeUndefined();
    const expanded = await admin.getSession({ id: r.sessionId, expand: ['identity'] });
    expectKratosShape('session', expanded.data);
    expect(expanded.data.identity).toMatchObject({ id: r.identityId, traits: { email: r.email } });
    const missing = await refused(admin.getSession({ id: UNKNOWN }));
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 404 } } });
    expect((await refused(admin.getSession({ id: 'nope' }))).status).toBe(400);
    expect((await refused(admin.getSession({ id: r.sessionId, expand: ['everything' as any] }))).status).toBe(400);
  });

  it('disables a session: 204, whoami 401 at once, active filter, SessionRevoked revoked_by_admin on Kafka', async () => {
    const r = await register();
    expect(await whoamiStatus(r.token)).toBe(200);
    expect((await admin.disableSession({ id: r.sessionId })).status).toBe(204);
    expect(await whoamiStatus(r.token)).toBe(401);
    expect((await admin.getSession({ id: r.sessionId })).data.active).toBe(false);
    expect((await admin.disableSession({ id: r.sessionId })).status).toBe(204);
    const inactive = await admin.listSessions({ active: false, pageSize: 1000 });
    expect(inactive.data.map((s) => s.id)).toContain(r.sessionId);
    expect(inactive.data.every((s) => !s.active)).toBe(true);
    const active = await admin.listSessions({ active: true, pageSize: 1000 });
    expect(active.data.map((s) => s.id)).not.toContain(r.sessionId);
    expect(active.data.every((s) => s.active)).toBe(true);
    expect((await fetch(`${h.url}/admin/sessions?active=maybe`)).status).toBe(400);
    const [revoked] = (await events('session.revoked', (d) => d.session_id === r.sessionId))!;
    expect(revoked).toMatchObject({ identity_id: r.identityId, reason: 'revoked_by_admin' });
    expect((await refused(admin.disableSession({ id: UNKNOWN }))).status).toBe(404);
    expect((await refused(admin.disableSession({ id: 'x' }))).status).toBe(400);
  });

  it('lists and revokes the sessions of one identity', async () => {
    const r = await register();
    const second = await login(r.email);
    const first = await admin.listIdentitySessions({ id: r.identityId, pageSize: 1 });
    expect(first.data).toHaveLength(1);
    for (const s of first.data) expectKratosShape('session', s);
    expect(first.data[0]!.identity?.id).toBe(r.identityId);
    const rest = await admin.listIdentitySessions({ id: r.identityId, pageSize: 1, pageToken: nextToken(first.headers.link) });
    expect(nextToken(rest.headers.link)).toBeUndefined();
    expect([...first.data, ...rest.data].map((s) => s.id).sort()).toEqual([r.sessionId, second.sessionId].sort());

    expect((await admin.deleteIdentitySessions({ id: r.identityId })).status).toBe(204);
    expect(await whoamiStatus(r.token)).toBe(401);
    expect(await whoamiStatus(second.token)).toBe(401);
    expect((await admin.listIdentitySessions({ id: r.identityId, active: true })).data).toEqual([]);
    expect((await admin.listIdentitySessions({ id: r.identityId, active: false })).data).toHaveLength(2);
    await events('session.revoked', (d) => d.session_id === second.sessionId && d.reason === 'revoked_by_admin');

    for (const call of [() => admin.listIdentitySessions({ id: UNKNOWN }), () => admin.deleteIdentitySessions({ id: UNKNOWN })]) {
      expect(await refused(call())).toMatchObject({ status: 404, body: { error: { code: 404 } } });
    }
    expect((await refused(admin.listIdentitySessions({ id: 'nope' }))).status).toBe(400);
    expect((await refused(admin.deleteIdentitySessions({ id: 'nope' }))).status).toBe(400);
  });

  it('extends a session only once less than earliest_possible_extend is left (SessionIssued reason extend)', async () => {
    const r = await register();
    const before = (await admin.getSession({ id: r.sessionId })).data;
    const early = await admin.extendSession({ id: r.sessionId });
    expect(early.status).toBe(200);
    expectKratosShape('session', early.data);
    expect(early.data.expires_at).toBe(before.expires_at);

    const skip = 23 * HOUR + 30 * 60_000;
    h.advance(skip);
    try {
      const extended = await admin.extendSession({ id: r.sessionId });
      expectKratosShape('session', extended.data);
      expect(Date.parse(extended.data.expires_at!)).toBeGreaterThan(Date.parse(before.expires_at!) + 23 * HOUR);
      expect(extended.data).toMatchObject({ id: r.sessionId, active: true, issued_at: before.issued_at, authenticated_at: before.authenticated_at });
      h.advance(HOUR);
      expect(await whoamiStatus(r.token)).toBe(200);
    } finally {
      h.advance(-(skip + HOUR));
    }
    const [issued] = (await events('session.issued', (d) => d.session_id === r.sessionId && d.reason === 'extend'))!;
    expect(issued.expires_at).not.toBe(before.expires_at);
    expect((await refused(admin.extendSession({ id: UNKNOWN }))).status).toBe(404);
    expect((await refused(admin.extendSession({ id: 'nope' }))).status).toBe(400);
  });
});
