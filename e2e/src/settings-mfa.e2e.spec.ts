import { createHmac } from 'node:crypto';
import { Configuration, FrontendApi, IdentityApi, UiNode } from '@ory/client';
import { Suite, waitFor } from '@gatehouse/testing';

const PASSWORD = 'e2e settings passphrase 4c1d';
const NEW_PASSWORD = 'e2e settings new passphrase 8e2f';
/** A password change or a factor needs a session authenticated this recently (short, so a test can outlive it). */
const PRIVILEGED_MS = 8_000;

/** Settings (profile, password, privileged sessions) and MFA (totp, lookup secrets, aal2) through the gateway with
 * @ory/client, two replicas of flows behind the same database: a TOTP code is accepted once across both. */
describe('settings and multi-factor authentication end to end', () => {
  const suite = new Suite({
    flows: 2,
    env: {
      flows: {
        SELFSERVICE_METHODS_TOTP_ENABLED: 'true',
        SELFSERVICE_METHODS_LOOKUP_SECRET_ENABLED: 'true',
        SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: `${PRIVILEGED_MS / 1000}s`,
      },
    },
  });
  let ory: FrontendApi;
  let admin: IdentityApi;

  beforeAll(async () => {
    await suite.start();
    ory = new FrontendApi(new Configuration({ basePath: suite.publicUrl }));
    admin = new IdentityApi(new Configuration({ basePath: suite.adminUrl }));
  }, 120_000);
  afterAll(() => suite.stop(), 30_000);

  const unique = (tag: string) => `e2e.${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.com`;

  async function register(email = unique('mfa')): Promise<{ email: string; token: string; id: string }> {
    const { data: flow } = await ory.createNativeRegistrationFlow();
    const { data } = await ory.updateRegistrationFlow({ flow: flow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password: PASSWORD } });
    return { email, token: data.session_token!, id: data.identity.id };
  }

  async function passwordLogin(email: string, password = PASSWORD) {
    const { data: flow } = await ory.createNativeLoginFlow();
    const { data } = await ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier: email, password } });
    return data;
  }

  const settingsFlow = (token: string) => ory.createNativeSettingsFlow({ xSessionToken: token }).then((r) => r.data);
  const status = (p: Promise<unknown>) => p.then(() => 200, (e) => e.response?.status as number);
  const attr = (n: UiNode) => n.attributes as any;
  /** Every TOTP seed and lookup code the tests saw: none may reach a service's log. */
  const secrets: string[] = [];

  afterAll(() => {
    for (const secret of secrets) expect(suite.logs).not.toContain(secret);
  });

  async function enrolTotp(token: string): Promise<Buffer> {
    const flow = await settingsFlow(token);
    const secret = attr(flow.ui.nodes.find((n) => attr(n).id === 'totp_secret_key')!).text.context.secret as string;
    secrets.push(secret);
    const key = base32(secret);
    const { data } = await ory.updateSettingsFlow({ flow: flow.id, xSessionToken: token, updateSettingsFlowBody: { method: 'totp', totp_code: totp(key, Date.now()) } });
    expect(data.state).toBe('success');
    return key;
  }

  it('profile: a new e-mail is saved, unverified, with a verification mail; invalid traits change nothing', async () => {
    const a = await register();
    await suite.sink.waitForMail(a.email);
    const next = unique('moved');
    const flow = await settingsFlow(a.token);
    const { data } = await ory.updateSettingsFlow({ flow: flow.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'profile', traits: { email: next } } });
    expect(data.identity.traits).toEqual({ email: next });
    expect(data.identity.verifiable_addresses).toEqual([expect.objectContaining({ value: next, verified: false })]);
    const mail = await suite.sink.waitForMail(next);
    expect(mail.text).toMatch(/\b\d{6}\b/);
    const invalid = await ory.updateSettingsFlow({ flow: flow.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'profile', traits: { email: 'nope' } } }).catch((e) => e.response);
    expect(invalid.status).toBe(400);
    expect(invalid.data.ui.nodes.find((n: UiNode) => attr(n).name === 'traits.email').messages[0].type).toBe('error');
    const { data: me } = await ory.toSession({ xSessionToken: a.token });
    expect(me.identity!.traits).toEqual({ email: next });
  });

  it('password: changed with a fresh session (security notice mailed); an old one gets session_refresh_required, a refresh login lifts it', async () => {
    const a = await register();
    const flow = await settingsFlow(a.token);
    await ory.updateSettingsFlow({ flow: flow.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'password', password: NEW_PASSWORD } });
    await waitFor(() => suite.sink.mailsTo(a.email).find((m) => /password was changed/i.test(m.subject)), { timeoutMs: 10_000, what: 'the security notice' });
    expect((await passwordLogin(a.email, NEW_PASSWORD)).session_token).toMatch(/^ory_st_/);
    // once the session is older than privileged_session_max_age, a change needs a refresh (the privilege is checked
    // before the password: a too short one answers 400 while the session is fresh, 403 once it is not)
    const refused = await waitFor(
      async () => {
        const f = await settingsFlow(a.token);
        const r = await ory.updateSettingsFlow({ flow: f.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'password', password: 'short' } }).catch((e) => e.response);
        return r?.status === 403 ? r : undefined;
      },
      { timeoutMs: PRIVILEGED_MS + 10_000, intervalMs: 500, what: 'the refusal of an old session' },
    );
    expect(refused.data.error.id).toBe('session_refresh_required');
    expect(refused.data.redirect_browser_to).toContain('refresh=true');
    const { data: refresh } = await ory.createNativeLoginFlow({ refresh: true, xSessionToken: a.token });
    await ory.updateLoginFlow({ flow: refresh.id, xSessionToken: a.token, updateLoginFlowBody: { method: 'password', identifier: a.email, password: NEW_PASSWORD } });
    const f = await settingsFlow(a.token);
    const { data: saved } = await ory.updateSettingsFlow({ flow: f.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'password', password: PASSWORD } });
    expect(saved.state).toBe('success');
  });

  it('TOTP: enable → logout → password login → whoami 403 → aal2 login with the current code → whoami 200; wrong and replayed codes refused on every replica', async () => {
    const a = await register();
    const key = await enrolTotp(a.token);
    await ory.performNativeLogout({ performNativeLogoutBody: { session_token: a.token } });
    const login = await passwordLogin(a.email);
    const token = login.session_token!;
    expect(login.session.authenticator_assurance_level).toBe('aal1');
    const whoami = await ory.toSession({ xSessionToken: token }).catch((e) => e.response);
    expect([whoami.status, whoami.data.error.id]).toEqual([403, 'session_aal2_required']);

    const step = unspentStep();
    const { data: flow } = await ory.createNativeLoginFlow({ aal: 'aal2', xSessionToken: token });
    expect(flow.ui.nodes.filter((n) => n.group === 'totp').map((n) => attr(n).name)).toEqual(['totp_code', 'method']);
    expect(await status(ory.updateLoginFlow({ flow: flow.id, xSessionToken: token, updateLoginFlowBody: { method: 'totp', totp_code: wrongCode(key, step) } }))).toBe(400);
    const code = hotp(key, step);
    const { data: done } = await ory.updateLoginFlow({ flow: flow.id, xSessionToken: token, updateLoginFlowBody: { method: 'totp', totp_code: code } });
    expect(done.session.authenticator_assurance_level).toBe('aal2');
    const { data: me } = await ory.toSession({ xSessionToken: token });
    expect(me.authenticator_assurance_level).toBe('aal2');

    // the same code on the other replica, for another session: refused for the rest of its window
    const other = (await passwordLogin(a.email)).session_token!;
    const replica = new FrontendApi(new Configuration({ basePath: suite.flowsUrls[1] }));
    const { data: flow2 } = await replica.createNativeLoginFlow({ aal: 'aal2', xSessionToken: other });
    const replay = await replica.updateLoginFlow({ flow: flow2.id, xSessionToken: other, updateLoginFlowBody: { method: 'totp', totp_code: code } }).catch((e) => e.response);
    expect(replay.status).toBe(400);
    expect(await status(ory.toSession({ xSessionToken: other }))).toBe(403);
    await waitFor(() => suite.sink.mailsTo(a.email).find((m) => /authenticator app/i.test(m.subject)), { timeoutMs: 10_000, what: 'the factor-added notice' });
  });

  it('TOTP: one code submitted to both replicas at once is accepted once', async () => {
    const a = await register();
    const key = await enrolTotp(a.token);
    const tokens = [(await passwordLogin(a.email)).session_token!, (await passwordLogin(a.email)).session_token!];
    const apis = suite.flowsUrls.map((basePath) => new FrontendApi(new Configuration({ basePath })));
    const flows = await Promise.all(apis.map((api, i) => api.createNativeLoginFlow({ aal: 'aal2', xSessionToken: tokens[i] }).then((r) => r.data)));
    const step = unspentStep();
    const code = hotp(key, step);
    const results = await Promise.all(apis.map((api, i) => status(api.updateLoginFlow({ flow: flows[i].id, xSessionToken: tokens[i], updateLoginFlowBody: { method: 'totp', totp_code: code } }))));
    expect(results.sort()).toEqual([200, 400]);
  });

  it('lookup secrets are single use; the admin API removes totp and lookup_secret', async () => {
    const a = await register();
    await enrolTotp(a.token);
    const flow = await settingsFlow(a.token);
    const { data: shown } = await ory.updateSettingsFlow({ flow: flow.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'lookup_secret', lookup_secret_regenerate: true } });
    const codes = (attr(shown.ui.nodes.find((n) => attr(n).id === 'lookup_secret_codes')!).text.context.secrets as Array<{ text: string }>).map((c) => c.text);
    secrets.push(...codes);
    await ory.updateSettingsFlow({ flow: flow.id, xSessionToken: a.token, updateSettingsFlowBody: { method: 'lookup_secret', lookup_secret_confirm: true } });
    const use = async (code: string) => {
      const token = (await passwordLogin(a.email)).session_token!;
      const { data: f } = await ory.createNativeLoginFlow({ aal: 'aal2', xSessionToken: token });
      return status(ory.updateLoginFlow({ flow: f.id, xSessionToken: token, updateLoginFlowBody: { method: 'lookup_secret', lookup_secret: code } }));
    };
    expect(await use(codes[0])).toBe(200);
    expect(await use(codes[0])).toBe(400);
    expect(await use(codes[1])).toBe(200);

    const { data: before } = await admin.getIdentity({ id: a.id, includeCredential: ['totp', 'lookup_secret'] });
    expect(Object.keys(before.credentials!).sort()).toEqual(['lookup_secret', 'password', 'totp']);
    expect(JSON.stringify(before.credentials)).not.toContain(codes[2]);
    await admin.deleteIdentityCredentials({ id: a.id, type: 'totp' });
    await admin.deleteIdentityCredentials({ id: a.id, type: 'lookup_secret' });
    const { data: after } = await admin.getIdentity({ id: a.id });
    expect(Object.keys(after.credentials!)).toEqual(['password']);
    // without a second factor a password login is all whoami needs
    const token = (await passwordLogin(a.email)).session_token!;
    expect(await status(ory.toSession({ xSessionToken: token }))).toBe(200);
  });
});

/** The enrolment spent the current TOTP step; the next one is unspent and still accepted now (one step of skew). */
function unspentStep(): number {
  return Math.floor(Date.now() / 30_000) + 1;
}

/** RFC 6238 with SHA-1, 6 digits, 30 s: an implementation of the test's own, independent of the service's. */
function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function totp(key: Buffer, at: number): string {
  return hotp(key, Math.floor(at / 30_000));
}

function wrongCode(key: Buffer, step: number): string {
  const valid = new Set([hotp(key, step - 1), hotp(key, step), hotp(key, step + 1)]);
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}
