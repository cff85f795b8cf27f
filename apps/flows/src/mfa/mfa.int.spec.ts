import { FlowsHarness } from '../../test/flows-harness';
import { base32Decode, base32Encode, totp } from '../strategies/totp/hotp';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const PASSWORD = 'a long and secret passphrase';

/** TOTP and lookup secrets through settings and aal2 logins, with whoami's required_aal (highest_available), against
 * the flows service with its real Postgres schema. The service's clock is the harness's (moved in whole TOTP steps). */
describe('second factors: totp and lookup_secret, aal2 (real Postgres)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start({ SELFSERVICE_METHODS_TOTP_ENABLED: 'true', SELFSERVICE_METHODS_LOOKUP_SECRET_ENABLED: 'true', SELFSERVICE_METHODS_TOTP_CONFIG_ISSUER: 'Gatehouse Tests' }));
  afterAll(() => h.stop());

  const now = () => new Date(Date.now() + offset);
  let offset = 0;
  /** The next TOTP step: a code of it has not been spent. */
  const nextStep = () => {
    offset += 30_000;
    h.advance(30_000);
  };

  const get = (path: string, token: string) => fetch(`${h.url}${path}`, { headers: { 'x-session-token': token, accept: 'application/json' } });
  const post = (path: string, token: string | undefined, body: unknown) =>
    fetch(`${h.url}${path}`, { method: 'POST', headers: { ...JSON_HEADERS, ...(token ? { 'x-session-token': token } : {}) }, body: JSON.stringify(body) });

  async function registered() {
    const email = `mfa.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
    const { body } = await h.register(email);
    return { email, token: body.session_token as string, identityId: body.identity.id as string };
  }

  async function passwordLogin(email: string): Promise<{ status: number; body: any }> {
    const flow = (await (await fetch(`${h.url}/self-service/login/api`)).json()) as any;
    const res = await post(`/self-service/login?flow=${flow.id}`, undefined, { method: 'password', identifier: email, password: PASSWORD });
    return { status: res.status, body: await res.json() };
  }

  async function linkTotp(token: string): Promise<Buffer> {
    const flow = (await (await get('/self-service/settings/api', token)).json()) as any;
    const nodes = flow.ui.nodes.filter((n: any) => n.group === 'totp');
    expect(nodes.map((n: any) => n.attributes.id ?? n.attributes.name)).toEqual(['totp_qr', 'totp_secret_key', 'totp_code', 'method']);
    expect(nodes[0].attributes.src).toMatch(/^data:image\/png;base64,/);
    const key = base32Decode(nodes[1].attributes.text.context.secret as string)!;
    const wrong = await post(`/self-service/settings?flow=${flow.id}`, token, { method: 'totp', totp_code: '000000' === totp(key, now()) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    const res = await post(`/self-service/settings?flow=${flow.id}`, token, { method: 'totp', totp_code: totp(key, now()) });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as any;
    expect(saved.state).toBe('success');
    expect(saved.ui.nodes.filter((n: any) => n.group === 'totp').map((n: any) => n.attributes.name)).toEqual(['totp_unlink']);
    return key;
  }

  it('enable TOTP → the session completes it (aal2) → a new password login is aal1: whoami 403 → aal2 login with the code → whoami 200', async () => {
    const a = await registered();
    const key = await linkTotp(a.token);
    const mine = (await (await get('/sessions/whoami', a.token)).json()) as any;
    expect(mine.authenticator_assurance_level).toBe('aal2');
    const events = (await h.events()).filter((e) => e.streamId === `identity:${a.identityId}`);
    expect(events.map((e) => e.type)).toEqual(['IdentityRegistered', 'FactorAdded', 'SecurityNoticeRequested']);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(nodesSecret(key));

    const login = await passwordLogin(a.email);
    expect(login.status).toBe(200);
    expect(login.body.session.authenticator_assurance_level).toBe('aal1');
    expect(login.body.session.identity).toBeUndefined();
    const token = login.body.session_token as string;
    const refused = await get('/sessions/whoami', token);
    expect(refused.status).toBe(403);
    const refusal = (await refused.json()) as any;
    expect(refusal.error.id).toBe('session_aal2_required');
    expect(refusal.redirect_browser_to).toMatch(/\/self-service\/login\/browser\?aal=aal2/);

    nextStep();
    const flow = (await (await get('/self-service/login/api?aal=aal2', token)).json()) as any;
    expect(flow.requested_aal).toBe('aal2');
    expect(flow.ui.messages).toEqual([expect.objectContaining({ id: 1010004 })]);
    expect(flow.ui.nodes.filter((n: any) => n.group !== 'default').map((n: any) => [n.group, n.attributes.name])).toEqual([
      ['totp', 'totp_code'],
      ['totp', 'method'],
    ]);
    const bad = await post(`/self-service/login?flow=${flow.id}`, token, { method: 'totp', totp_code: '12345x' });
    expect(bad.status).toBe(400);
    const code = totp(key, now());
    const ok = await post(`/self-service/login?flow=${flow.id}`, token, { method: 'totp', totp_code: code });
    expect(ok.status).toBe(200);
    const raised = (await ok.json()) as any;
    expect(raised.session.authenticator_assurance_level).toBe('aal2');
    expect(raised.session.authentication_methods.map((m: any) => [m.method, m.aal])).toEqual([
      ['password', 'aal1'],
      ['totp', 'aal2'],
    ]);
    expect((await get('/sessions/whoami', token)).status).toBe(200);

    // the same code again, on another session's aal2 flow: refused for the rest of its window
    const again = await passwordLogin(a.email);
    const other = again.body.session_token as string;
    const flow2 = (await (await get('/self-service/login/api?aal=aal2', other)).json()) as any;
    const replay = await post(`/self-service/login?flow=${flow2.id}`, other, { method: 'totp', totp_code: code });
    expect(replay.status).toBe(400);
    expect(JSON.stringify(await replay.json())).toContain('4000008');
    expect((await get('/sessions/whoami', other)).status).toBe(403);
  });

  it('an aal2 flow needs a session (401 session_aal1_required); an aal2 session gets session_already_available', async () => {
    const none = await fetch(`${h.url}/self-service/login/api?aal=aal2`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.id).toBe('session_aal1_required');
    const a = await registered();
    await linkTotp(a.token);
    const already = await get('/self-service/login/api?aal=aal2', a.token);
    expect(already.status).toBe(400);
    expect(((await already.json()) as any).error.id).toBe('session_already_available');
  });

  it('settings of an identity with a second factor need aal2 (required_aal highest_available); unlink needs it too', async () => {
    const a = await registered();
    await linkTotp(a.token);
    const login = await passwordLogin(a.email);
    const res = await get('/self-service/settings/api', login.body.session_token);
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.id).toBe('session_aal2_required');
    // the aal2 session of the enrolment unlinks it (a button without a method)
    const flow = (await (await get('/self-service/settings/api', a.token)).json()) as any;
    const unlinked = await post(`/self-service/settings?flow=${flow.id}`, a.token, { totp_unlink: true });
    expect(unlinked.status).toBe(200);
    expect(((await unlinked.json()) as any).ui.nodes.some((n: any) => n.attributes.id === 'totp_qr')).toBe(true);
    const after = await passwordLogin(a.email);
    expect((await get('/sessions/whoami', after.body.session_token)).status).toBe(200);
  });

  it('lookup secrets: regenerate shows 12 codes, confirm stores them hashed; each code logs in once, also when used twice at once', async () => {
    const a = await registered();
    const flow = (await (await get('/self-service/settings/api', a.token)).json()) as any;
    const shown = (await (await post(`/self-service/settings?flow=${flow.id}`, a.token, { method: 'lookup_secret', lookup_secret_regenerate: true })).json()) as any;
    const codesNode = shown.ui.nodes.find((n: any) => n.attributes.id === 'lookup_secret_codes');
    const codes = (codesNode.attributes.text.context.secrets as Array<{ text: string }>).map((c) => c.text);
    expect(codes).toHaveLength(12);
    const confirmed = await post(`/self-service/settings?flow=${flow.id}`, a.token, { method: 'lookup_secret', lookup_secret_confirm: true });
    expect(confirmed.status).toBe(200);
    const stored = await h.query<{ config: any }>("SELECT config FROM $schema.identity_credentials WHERE identity_id = $1 AND type = 'lookup_secret'", [a.identityId]);
    expect(JSON.stringify(stored)).not.toContain(codes[0]);

    const sessions = await Promise.all([passwordLogin(a.email), passwordLogin(a.email)]);
    const tokens = sessions.map((s) => s.body.session_token as string);
    const flows = await Promise.all(tokens.map(async (t) => (await (await get('/self-service/login/api?aal=aal2', t)).json()) as any));
    const both = await Promise.all(flows.map((f, i) => post(`/self-service/login?flow=${f.id}`, tokens[i], { method: 'lookup_secret', lookup_secret: codes[0] })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const used = (await h.events()).filter((e) => e.type === 'FactorUsed' && (e.data as any).identity_id === a.identityId);
    expect(used.map((e) => (e.data as any).remaining_codes)).toEqual([11]);
  });
});

/** The seed as the settings flow showed it (base32): it must never reach an event's data. */
function nodesSecret(key: Buffer): string {
  return base32Encode(key);
}
