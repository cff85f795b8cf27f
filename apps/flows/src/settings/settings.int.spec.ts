import { FlowsHarness } from '../../test/flows-harness';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** The minimal settings flow (password method) against the flows service with its real Postgres schema. */
describe('settings flow, password method (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  async function registered(): Promise<{ email: string; token: string; identityId: string }> {
    const email = `settings.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
    const { status, body } = await h.register(email);
    expect(status).toBe(200);
    return { email, token: body.session_token, identityId: body.identity.id };
  }

  const newFlow = (token?: string) => fetch(`${h.url}/self-service/settings/api`, { headers: token ? { 'x-session-token': token } : {} });
  const save = (flowId: string, token: string, body: unknown) =>
    fetch(`${h.url}/self-service/settings?flow=${flowId}`, { method: 'POST', headers: { ...JSON_HEADERS, 'x-session-token': token }, body: JSON.stringify(body) });

  it('needs a session: 401 session_inactive (API), 303 to login (browser)', async () => {
    const res = await newFlow();
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.id).toBe('session_inactive');
    const browser = await fetch(`${h.url}/self-service/settings/browser`, { redirect: 'manual' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toMatch(/\/self-service\/login\/browser\?return_to=/);
  });

  it("the owner's fresh session sets a new password (1050001); another identity gets 403 security_identity_mismatch", async () => {
    const a = await registered();
    const b = await registered();
    const flow = (await (await newFlow(a.token)).json()) as any;
    expect(flow).toMatchObject({ type: 'api', state: 'show_form', identity: { id: a.identityId } });
    const foreign = await fetch(`${h.url}/self-service/settings/flows?id=${flow.id}`, { headers: { 'x-session-token': b.token } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.id).toBe('security_identity_mismatch');
    const foreignSave = await save(flow.id, b.token, { method: 'password', password: 'a brand new passphrase here' });
    expect(foreignSave.status).toBe(403);
    const short = await save(flow.id, a.token, { method: 'password', password: 'short' });
    expect(short.status).toBe(400);
    const shortBody = (await short.json()) as any;
    expect(shortBody.ui.nodes.find((n: any) => n.attributes.name === 'password').messages[0].id).toBe(4000032);
    const ok = await save(flow.id, a.token, { method: 'password', password: 'a brand new passphrase here' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).ui.messages).toEqual([{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }]);
    const events = (await h.events()).filter((e) => e.type === 'PasswordChanged' && (e.data as any).flow_id === flow.id);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0].data)).not.toContain('brand new');
  });

  it('an identity created without a password (admin API: its identifiers only) sets one in settings after a recovery, and logs in with it', async () => {
    const email = `nopassword.${Date.now()}@example.com`;
    const admin = (path: string, body: unknown) =>
      fetch(`${h.url}${path}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const created = await admin('/admin/identities', { schema_id: 'default', traits: { email } });
    expect(created.status).toBe(201);
    const code = await admin('/admin/recovery/code', { identity_id: created.body.id, flow_type: 'api' });
    const flowId = new URL(code.body.recovery_link).searchParams.get('flow')!;
    const done = await fetch(`${h.url}/self-service/recovery?flow=${flowId}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'code', code: code.body.recovery_code }) });
    const body = (await done.json()) as any;
    const token = body.continue_with.find((c: any) => c.action === 'set_ory_session_token').ory_session_token;
    const settingsId = body.continue_with.find((c: any) => c.action === 'show_settings_ui').flow.id;
    const saved = await save(settingsId, token, { method: 'password', password: 'a brand new passphrase here' });
    expect(saved.status).toBe(200);
    const login = await fetch(`${h.url}/self-service/login/api`).then((r) => r.json() as Promise<any>);
    const res = await fetch(`${h.url}/self-service/login?flow=${login.id}`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ method: 'password', identifier: email, password: 'a brand new passphrase here' }),
    });
    expect(res.status).toBe(200);
  });

  /** Moves the clock for fn only: the other tests of this file keep a clock that is now. */
  async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    h.advance(ms);
    try {
      return await fn();
    } finally {
      h.advance(-ms);
    }
  }

  it('a session younger than privileged_session_max_age (Kratos: 1h by default) still sets a new password', async () => {
    const a = await registered();
    const res = await later(59 * 60_000, async () => {
      const flow = (await (await newFlow(a.token)).json()) as any;
      return save(flow.id, a.token, { method: 'password', password: 'a brand new passphrase here' });
    });
    expect(res.status).toBe(200);
  });

  it('a session older than privileged_session_max_age (1h) gets 403 session_refresh_required with redirect_browser_to', async () => {
    const a = await registered();
    const res = await later(61 * 60_000, async () => {
      const flow = (await (await newFlow(a.token)).json()) as any;
      return save(flow.id, a.token, { method: 'password', password: 'a brand new passphrase here' });
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as any;
    expect(body.error.id).toBe('session_refresh_required');
    expect(body.redirect_browser_to).toMatch(/\/self-service\/login\/browser\?refresh=true&return_to=/);
  });
});
