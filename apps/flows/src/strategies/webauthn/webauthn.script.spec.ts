import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { SoftAuthenticator } from '../../../test/soft-authenticator';
import { PasskeyStrategy } from '../passkey/passkey.strategy';
import type { NodeTarget } from '../strategy';
import type { LoginState, RegistrationState } from './ceremony';
import { BASE_URL, KEY_SCHEMA, NOW, ORIGIN, PASSWORD, identity, loginFlow, rpConfig, settingsContext, settingsFlow } from './key-fixtures.spec-support';
import { WEBAUTHN_SCRIPT, WEBAUTHN_SCRIPT_INTEGRITY } from './webauthn.script';
import { WebAuthnStrategy } from './webauthn.strategy';

const b64u = (b: ArrayBuffer | Uint8Array) => Buffer.from(b as Uint8Array).toString('base64url');
const buffer = (s: string) => new Uint8Array(Buffer.from(s, 'base64url')).buffer;

/** webauthn.js in a fake browser: form fields by name, navigator.credentials answered by the soft authenticator
 * (options turned back into JSON, its answers into ArrayBuffers, as a browser hands them over). */
function browser(fields: Record<string, { value: string }>, auth: SoftAuthenticator) {
  const submitted: string[] = [];
  const form = { submit: () => submitted.push('submit'), querySelector: (sel: string) => fields[/name='(.+)'/.exec(sel)![1]!] };
  for (const f of Object.values(fields)) Object.assign(f, { closest: () => form });
  const ids = (list?: Array<{ id: Uint8Array }>) => list?.map((c) => ({ ...c, id: b64u(c.id) }));
  const asBrowser = (r: ReturnType<SoftAuthenticator['get']> | ReturnType<SoftAuthenticator['create']>) => ({
    id: r.id,
    rawId: buffer(r.rawId),
    type: r.type,
    response: Object.fromEntries(Object.entries(r.response).map(([k, v]) => [k, typeof v === 'string' ? buffer(v) : v])),
  });
  const navigator = {
    credentials: {
      create: async ({ publicKey: pk }: { publicKey: any }) =>
        asBrowser(auth.create({ ...pk, challenge: b64u(pk.challenge), user: { ...pk.user, id: b64u(pk.user.id) }, excludeCredentials: ids(pk.excludeCredentials) }, { origin: ORIGIN })),
      get: async ({ publicKey: pk }: { publicKey: any }) => asBrowser(auth.get({ ...pk, challenge: b64u(pk.challenge), allowCredentials: ids(pk.allowCredentials) }, { origin: ORIGIN })),
    },
  };
  const document = { querySelector: (sel: string) => fields[/name="(.+)"/.exec(sel)![1]!], getElementsByName: (n: string) => (fields[n] ? [fields[n]] : []) };
  const window: Record<string, any> = { PublicKeyCredential: class {}, document, navigator, atob, btoa, console, alert: (e: unknown) => submitted.push(`alert ${e}`) };
  Object.assign(window, { window, CustomEvent: class {}, dispatchEvent: () => true, AbortController });
  runInNewContext(WEBAUTHN_SCRIPT, window);
  return { window, submitted, settled: () => new Promise((r) => setTimeout(r, 20)) };
}

describe('webauthn.js', () => {
  it('is what the integrity attribute names (sha512, base64)', () => {
    expect(WEBAUTHN_SCRIPT_INTEGRITY).toBe(`sha512-${createHash('sha512').update(Buffer.from(WEBAUTHN_SCRIPT)).digest('base64')}`);
  });

  it('defines the trigger functions under their current and their older names', () => {
    const { window } = browser({}, new SoftAuthenticator());
    for (const name of ['WebAuthnRegistration', 'WebAuthnLogin', 'PasskeyLogin', 'PasskeyLoginAutocompleteInit', 'PasskeyRegistration', 'PasskeySettingsRegistration']) {
      expect([name, typeof window[`ory${name}`], window[`__ory${name}`] === window[`ory${name}`]]).toEqual([name, 'function', true]);
    }
    expect(window.__oryWebAuthnInitialized).toBe(true);
  });

  it('registers a security key from the trigger node and posts what the webauthn strategy accepts, then signs in with it', async () => {
    const strategy = new WebAuthnStrategy({ config: { passwordless: false, rp: rpConfig() }, publicBaseUrl: BASE_URL });
    const target: NodeTarget = { kind: 'settings', flow: settingsFlow(), identity: identity(), credentials: PASSWORD, schema: KEY_SCHEMA };
    const state = (await strategy.prepare(target)) as RegistrationState;
    const nodes = strategy.nodes({ ...target, flow: settingsFlow({ internal: { webauthn: state } }) });
    const trigger = nodes.find((n) => n.attributes.name === 'webauthn_register_trigger')!;
    const auth = new SoftAuthenticator();
    const fields = { webauthn_register_trigger: { value: String(trigger.attributes.value) }, webauthn_register: { value: '' } };
    const page = browser(fields, auth);
    page.window.oryWebAuthnRegistration();
    await page.settled();
    expect(page.submitted).toEqual(['submit']);
    const result = await strategy.submit.settings({ webauthn_register: fields.webauthn_register.value }, settingsContext(settingsFlow({ internal: { webauthn: state } }), PASSWORD));
    expect(result.change?.events[0]?.type).toBe('FactorAdded');

    const credentials = { ...PASSWORD, webauthn: { identifiers: ['ada@example.test'], config: result.change!.configs!.webauthn! } };
    const login = (await strategy.prepare({ kind: 'login', flow: loginFlow({ requestedAal: 'aal2' }), schema: KEY_SCHEMA, subject: { id: identity().id, credentials } })) as LoginState;
    const loginFields = { webauthn_login_trigger: { value: JSON.stringify(login.options) }, webauthn_login: { value: '' } };
    const loginPage = browser(loginFields, auth);
    loginPage.window.oryWebAuthnLogin();
    await loginPage.settled();
    const flow = loginFlow({ requestedAal: 'aal2', internal: { webauthn: login } });
    const submission = strategy.submit.secondFactor({ webauthn_login: loginFields.webauthn_login.value }, flow);
    const verified = 'accepted' in submission ? await submission.accepted.verify(credentials, { flow, identityId: identity().id, now: NOW }) : submission;
    expect(Object.keys(verified)).toEqual(['used']);
  });

  it('adds a passkey in settings and signs in with it (no user handle in the options: discoverable)', async () => {
    const owners = { findByUserHandle: jest.fn() };
    const strategy = new PasskeyStrategy({ config: { rp: rpConfig() }, publicBaseUrl: BASE_URL, owners });
    const state = (await strategy.prepare({ kind: 'settings', flow: settingsFlow(), identity: identity(), credentials: PASSWORD, schema: KEY_SCHEMA })) as RegistrationState;
    const auth = new SoftAuthenticator();
    const fields = { passkey_create_data: { value: JSON.stringify(state.options) }, passkey_settings_register: { value: '' } };
    const page = browser(fields, auth);
    page.window.oryPasskeySettingsRegistration();
    await page.settled();
    const added = await strategy.submit.settings({ passkey_settings_register: fields.passkey_settings_register.value }, settingsContext(settingsFlow({ internal: { passkey: state } }), PASSWORD));
    const config = added.change!.configs!.passkey!;
    owners.findByUserHandle.mockResolvedValue({ identityId: identity().id, state: 'active', type: 'passkey', identifiers: [], config });

    const login = (await strategy.prepare({ kind: 'login', flow: loginFlow(), schema: KEY_SCHEMA })) as LoginState;
    const loginFields = { passkey_challenge: { value: JSON.stringify(login.options) }, passkey_login: { value: '' } };
    const loginPage = browser(loginFields, auth);
    loginPage.window.oryPasskeyLogin();
    await loginPage.settled();
    const submission = strategy.submit.login({ passkey_login: loginFields.passkey_login.value }, loginFlow({ internal: { passkey: login } }));
    const authentication = 'accepted' in submission ? await submission.accepted.authenticate() : undefined;
    expect(authentication).toMatchObject({ passwordMatches: true, method: 'passkey' });
    expect(owners.findByUserHandle.mock.calls[0][0].toString('base64url')).toBe(state.user_handle);
  });
});
