import { openCode } from '@gatehouse/contracts';
import { TEST_SECRETS, waitFor } from '@gatehouse/testing';
import { Browser, JSON_HEADERS, PASSWORD, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';

const JSON_BODY = { 'content-type': 'application/json', accept: 'application/json' };

/** The configured after hooks change what the flows answer (real Postgres and Kafka, one service per configuration). */
function withFlows(env: Record<string, string>) {
  const h = new FlowsHarness();
  beforeAll(() => h.start(env));
  afterAll(() => h.stop());
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { ...JSON_BODY, ...(token ? { 'x-session-token': token } : {}) }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const newFlow = async (kind: string, token?: string) => (await (await fetch(`${h.url}/self-service/${kind}/api`, { headers: token ? { 'x-session-token': token } : {} })).json()) as any;
  const login = async (email: string) => post(`/self-service/login?flow=${(await newFlow('login')).id}`, { method: 'password', identifier: email, password: PASSWORD });
  const whoami = async (token: string) => (await fetch(`${h.url}/sessions/whoami`, { headers: { 'x-session-token': token } })).status;
  return { h, post, newFlow, login, whoami };
}

describe('registration without the session hook (SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS=[])', () => {
  const { h } = withFlows({ SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: '[]' });

  it('registers the identity and answers no session: no token, no session, no set_ory_session_token', async () => {
    const { status, body } = await h.register(uniqueEmail('nosession'));
    expect(status).toBe(200);
    expect(body.identity.id).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('session_token');
    expect(body).not.toHaveProperty('session');
    expect(body.continue_with.map((c: any) => c.action)).toEqual(['show_verification_ui']);
    expect(await h.query('SELECT id FROM $schema.sessions WHERE identity_id = $1', [body.identity.id])).toEqual([]);
  });

  it('a browser gets no session cookie and goes to the return URL', async () => {
    const browser = new Browser(h.url);
    const res = await browser.register(uniqueEmail('nosession.browser'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:4455/');
    expect((res.headers.get('set-cookie') ?? '').includes('ory_kratos_session=')).toBe(false);
    expect((await browser.whoami()).status).toBe(401);
  });
});

describe('login with require_verified_address (SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS)', () => {
  const { h, post, login, whoami } = withFlows({ SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS: '[{"hook":"require_verified_address"}]' });

  it('refuses an unverified address with 4000010 on the flow and issues no session; once verified the login goes through', async () => {
    const email = uniqueEmail('unverified');
    const registered = (await h.register(email)).body;
    const refused = await login(email);
    expect(refused.status).toBe(400);
    expect(refused.body.ui.messages).toEqual([{ id: 4000010, text: 'Account not active yet. Did you forget to verify your email address?', type: 'error' }]);
    expect(refused.body.ui.nodes.find((n: any) => n.attributes.name === 'identifier').attributes.value).toBe(email);
    expect(await h.query('SELECT id FROM $schema.sessions WHERE identity_id = $1', [registered.identity.id])).toHaveLength(1);

    // the code the registration mailed (sealed in IdentityRegistered), submitted to the verification flow it opened
    await waitFor(async () => (await h.topic.readAll()).some((r) => r.key === registered.identity.id), { what: 'IdentityRegistered on Kafka' });
    const record = (await h.topic.readAll()).find((r) => r.key === registered.identity.id)!;
    const code = openCode(JSON.parse(record.value!).verification.sealed_code, TEST_SECRETS.cipher);
    const verified = await post(`/self-service/verification?flow=${registered.continue_with[1].flow.id}`, { method: 'code', code });
    expect([verified.status, verified.body.state]).toEqual([200, 'passed_challenge']);

    const admitted = await login(email);
    expect(admitted.status).toBe(200);
    expect(await whoami(admitted.body.session_token)).toBe(200);
  });
});

describe('login with revoke_active_sessions (SELFSERVICE_FLOWS_LOGIN_AFTER_PASSWORD_HOOKS)', () => {
  const { h, login, whoami } = withFlows({ SELFSERVICE_FLOWS_LOGIN_AFTER_PASSWORD_HOOKS: '[{"hook":"revoke_active_sessions"}]' });

  it("ends the identity's older sessions (whoami 401, SessionRevoked reason login) and keeps the new one", async () => {
    const email = uniqueEmail('revoke.login');
    const older = (await h.register(email)).body.session_token;
    const other = (await h.register(uniqueEmail('revoke.bystander'))).body.session_token;
    const newer = await login(email);
    expect(newer.status).toBe(200);
    expect(await whoami(older)).toBe(401);
    expect(await whoami(newer.body.session_token)).toBe(200);
    expect(await whoami(other)).toBe(200);
    const revoked = (await h.events()).filter((e) => e.type === 'SessionRevoked' && (e.data as any).identity_id === newer.body.session.identity.id);
    expect(revoked.map((e) => (e.data as any).reason)).toEqual(['login']);
  });
});

describe('settings with revoke_active_sessions (SELFSERVICE_FLOWS_SETTINGS_AFTER_PASSWORD_HOOKS)', () => {
  const { h, post, newFlow, login, whoami } = withFlows({ SELFSERVICE_FLOWS_SETTINGS_AFTER_PASSWORD_HOOKS: '[{"hook":"revoke_active_sessions"}]' });

  it('a password change ends the other sessions and keeps the one it was made with', async () => {
    const email = uniqueEmail('revoke.settings');
    const older = (await h.register(email)).body.session_token;
    const current = (await login(email)).body.session_token;
    expect(await whoami(older)).toBe(200);
    const flow = await newFlow('settings', current);
    const saved = await post(`/self-service/settings?flow=${flow.id}`, { method: 'password', password: 'another long passphrase 7' }, current);
    expect([saved.status, saved.body.state]).toEqual([200, 'success']);
    expect(await whoami(older)).toBe(401);
    expect(await whoami(current)).toBe(200);
  });
});

describe('the password method switched off (SELFSERVICE_METHODS_PASSWORD_ENABLED=false)', () => {
  const { h, post, newFlow } = withFlows({ SELFSERVICE_METHODS_PASSWORD_ENABLED: 'false' });

  it("shows no password nodes and answers a password submit with Kratos's 404", async () => {
    const flow = await newFlow('login');
    expect(flow.ui.nodes).toEqual([]);
    const res = await post(`/self-service/login?flow=${flow.id}`, { method: 'password', identifier: 'ada@example.com', password: PASSWORD });
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toMatch(/disabled by system administrator/);
    const browser = await new Browser(h.url).get('/self-service/registration/browser', JSON_HEADERS);
    expect(((await browser.json()) as any).ui.nodes.map((n: any) => n.attributes.name)).toEqual(['csrf_token', 'traits.email', 'traits.name.first', 'traits.name.last']);
  });
});
