import { FactorAdded, FactorUsed } from '@gatehouse/contracts';
import { SoftAuthenticator } from '../../../test/soft-authenticator';
import type { WebAuthnConfig } from '../../identity/credential-configs';
import type { LoginFlow } from '../../login/login.state';
import type { Credentials, LoginCredential, NodeTarget } from '../strategy';
import type { LoginState, RegistrationState } from '../webauthn/ceremony';
import {
  BASE_URL,
  FLOW_ID,
  IDENTITY_ID,
  KEY_SCHEMA,
  NOW,
  ORIGIN,
  PASSWORD,
  PLAIN_SCHEMA,
  SESSION_ID,
  fixedState,
  identity,
  loginFlow,
  rpConfig,
  settingsContext,
  settingsFlow,
  stable,
} from '../webauthn/key-fixtures.spec-support';
import type { KeyOwner, PasskeyOwners } from './passkey.repository';
import { PasskeyStrategy } from './passkey.strategy';

/** The owners the repository would find: identity_credentials rows by user handle. */
class Owners implements PasskeyOwners {
  readonly rows: KeyOwner[] = [];
  async findByUserHandle(handle: Buffer): Promise<KeyOwner | undefined> {
    return this.rows.find((r) => (r.type === 'passkey' ? r.identifiers.includes(handle.toString('utf8')) : r.config.user_handle === handle.toString('base64url')));
  }
}

const owners = new Owners();
const strategy = new PasskeyStrategy({ config: { rp: rpConfig() }, publicBaseUrl: BASE_URL, owners, clock: () => NOW });
const settingsTarget = (credentials: Credentials, over: Partial<NodeTarget & { kind: 'settings' }> = {}): NodeTarget => ({
  kind: 'settings',
  flow: settingsFlow(),
  identity: identity(),
  credentials,
  schema: KEY_SCHEMA,
  ...over,
});

/** An identity with a password and a passkey the authenticator holds, registered through settings. */
async function enrolled(auth = new SoftAuthenticator()) {
  const state = (await strategy.prepare(settingsTarget(PASSWORD))) as RegistrationState;
  const response = auth.create(state.options, { origin: ORIGIN });
  const result = await strategy.submit.settings({ method: 'passkey', passkey_settings_register: JSON.stringify(response) }, settingsContext(settingsFlow({ internal: { passkey: state } }), PASSWORD));
  const passkey = { identifiers: (result.change!.events[0]!.data as FactorAdded.V1.Data).identifiers, config: result.change!.configs!.passkey! };
  return { auth, state, response, result, credentials: { ...PASSWORD, passkey } as Credentials };
}

async function loginWith(auth: SoftAuthenticator, flowOver: Partial<LoginFlow> = {}, ceremony: { userVerified?: boolean } = {}) {
  const state = (await strategy.prepare({ kind: 'login', flow: loginFlow(flowOver), schema: KEY_SCHEMA })) as LoginState;
  const flow = loginFlow({ ...flowOver, internal: { passkey: state } });
  const submission = strategy.submit.login({ method: 'passkey', passkey_login: JSON.stringify(auth.get(state.options, { origin: ORIGIN, ...ceremony })) }, flow);
  return (submission as { accepted: LoginCredential }).accepted.authenticate();
}

describe('passkey settings', () => {
  it('shows the script, a remove button per passkey and the registration nodes, as Kratos (TestCompleteSettings)', async () => {
    const keys = ['foofoo', 'barbar'].map((n) => ({ id: Buffer.from(n).toString('base64url'), public_key: 'x', sign_count: 0, display_name: n, added_at: '2026-01-01T00:00:00Z', is_passwordless: true }));
    const credentials: Credentials = { ...PASSWORD, passkey: { identifiers: ['h'], config: { credentials: keys, user_handle: 'aA' } } };
    const state = fixedState(await strategy.prepare(settingsTarget(credentials)));
    expect(stable(strategy.nodes(settingsTarget(credentials, { flow: settingsFlow({ internal: { passkey: state } }) })))).toMatchSnapshot();
    const api = strategy.nodes(settingsTarget(credentials, { flow: settingsFlow({ type: 'api', internal: { passkey: state } }) }));
    expect(api.map((n) => [(n as { type: string }).type, n.attributes.name, (n.attributes as { onclick?: string }).onclick])).toEqual([
      ['input', 'passkey_remove', undefined],
      ['input', 'passkey_remove', undefined],
      ['input', 'passkey_register_trigger', undefined],
      ['input', 'passkey_settings_register', undefined],
      ['input', 'passkey_create_data', undefined],
    ]);
  });

  it('asks for a discoverable platform key with user verification, named after the identity; none without a name', async () => {
    const state = (await strategy.prepare(settingsTarget(PASSWORD))) as RegistrationState;
    expect(Buffer.from(state.user_handle, 'base64url').toString()).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(state.options.publicKey).toMatchObject({
      user: { id: state.user_handle, name: 'Ada@Example.test', displayName: 'Ada@Example.test' },
      authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    });
    expect(await strategy.prepare(settingsTarget(PASSWORD, { schema: PLAIN_SCHEMA }))).toBeUndefined();
  });

  it('adds the passkey: FactorAdded with the user handle as identifier, the config with the key', async () => {
    const { state, response, result } = await enrolled();
    const handle = Buffer.from(state.user_handle, 'base64url').toString();
    expect(result.change!.notice).toEqual({ notice: 'factor_added', factor: 'passkey' });
    expect(FactorAdded.V1.schema.parse(result.change!.events[0]!.data)).toEqual({
      identity_id: IDENTITY_ID,
      type: 'passkey',
      flow_id: FLOW_ID,
      session_id: SESSION_ID,
      identifiers: [handle],
      key: { id: response.id, display_name: '' },
      added_at: NOW.toISOString(),
    });
    expect(result.change!.configs!.passkey).toEqual({ user_handle: state.user_handle, credentials: [expect.objectContaining({ id: response.id, is_passwordless: true, sign_count: 0 })] });
    // a second passkey keeps the handle
    const { credentials } = await enrolled();
    expect(((await strategy.prepare(settingsTarget(credentials))) as RegistrationState).user_handle).toBe((credentials.passkey!.config as unknown as WebAuthnConfig).user_handle);
  });

  it('claims its buttons, which carry no method', () => {
    expect([strategy.claimsSettings({ passkey_settings_register: '{}' }), strategy.claimsSettings({ passkey_remove: 'ab' }), strategy.claimsSettings({ webauthn_remove: 'ab' })]).toEqual([true, true, false]);
    expect([strategy.claimsLogin({ passkey_login: '{}' }), strategy.claimsLogin({ method: 'passkey' })]).toEqual([true, false]);
  });

  it('refuses a key that does not verify the user', async () => {
    const state = (await strategy.prepare(settingsTarget(PASSWORD))) as RegistrationState;
    const post = JSON.stringify(new SoftAuthenticator({ userVerification: false }).create(state.options, { origin: ORIGIN }));
    const r = await strategy.submit.settings({ passkey_settings_register: post }, settingsContext(settingsFlow({ internal: { passkey: state } }), PASSWORD));
    expect([r.change, r.form?.[0]?.id]).toEqual([undefined, 4000001]);
  });

  it('removes a passkey while another first factor remains, never the last one', async () => {
    const { credentials, response } = await enrolled();
    const hex = Buffer.from(response.id, 'base64url').toString('hex');
    const removed = await strategy.submit.settings({ passkey_remove: hex, passkey_settings_register: 'ignored' }, settingsContext(settingsFlow(), credentials));
    expect(removed.change!.events[0]).toMatchObject({ type: 'FactorRemoved', data: { type: 'passkey', remaining_identifiers: [], key: { id: response.id } } });
    const alone = { passkey: credentials.passkey } as Credentials;
    expect(strategy.nodes(settingsTarget(alone)).map((n) => n.attributes.disabled)).toEqual([true]);
    expect((await strategy.submit.settings({ passkey_remove: hex }, settingsContext(settingsFlow(), alone))).fields).toEqual([
      { node: 'passkey_remove', message: expect.objectContaining({ id: 4000001, text: 'unable to remove this security key because it would lock you out of your account' }) },
    ]);
    expect((await strategy.submit.settings({ passkey_remove: 'abcd' }, settingsContext(settingsFlow(), credentials))).form?.[0]?.text).toBe('You tried to remove a passkey which does not exist.');
  });
});

describe('passkey login', () => {
  it('offers a discoverable login to aal1 flows, as Kratos (PopulateLoginMethodFirstFactor)', async () => {
    const state = (await strategy.prepare({ kind: 'login', flow: loginFlow(), schema: KEY_SCHEMA })) as LoginState;
    expect(state.options.publicKey).toEqual({ rpId: 'auth.example.test', challenge: state.challenge, timeout: 300000, userVerification: 'required' });
    const flow = loginFlow({ internal: { passkey: fixedState(state) } });
    expect(stable(strategy.nodes({ kind: 'login', flow, schema: KEY_SCHEMA }))).toMatchSnapshot();
    expect(await strategy.prepare({ kind: 'login', flow: loginFlow({ requestedAal: 'aal2' }), schema: KEY_SCHEMA })).toBeUndefined();
  });

  it('finds the identity by the user handle and records the counter', async () => {
    const { auth, credentials } = await enrolled();
    const config = credentials.passkey!.config as unknown as WebAuthnConfig;
    owners.rows.push({ identityId: IDENTITY_ID, state: 'active', type: 'passkey', identifiers: credentials.passkey!.identifiers, config });
    const a = await loginWith(auth);
    expect(a).toMatchObject({ identity: { id: IDENTITY_ID, state: 'active' }, method: 'passkey', passwordMatches: true });
    expect(FactorUsed.V1.schema.parse(a.used!.events[0]!.data)).toEqual({ identity_id: IDENTITY_ID, type: 'passkey', flow_id: FLOW_ID, key: { id: config.credentials[0]!.id, display_name: '' }, used_at: NOW.toISOString() });
    expect((a.used!.configs!.passkey as unknown as WebAuthnConfig).credentials[0]!.sign_count).toBe(1);

    // the counter regressed: a clone of the authenticator as it was before this login
    const clone = auth.clone();
    clone.keys[0]!.counter = 0;
    owners.rows[owners.rows.length - 1]!.config = a.used!.configs!.passkey as unknown as WebAuthnConfig;
    expect(await loginWith(clone)).toEqual({ identity: { id: IDENTITY_ID, state: 'active' }, method: 'passkey', passwordMatches: false, refused: [{ message: expect.objectContaining({ id: 4000008 }) }] });
    // no user verification
    expect((await loginWith(auth, {}, { userVerified: false })).passwordMatches).toBe(false);
  });

  it('refuses an unknown user handle with Kratos 4000015', async () => {
    const a = await loginWith((await enrolled()).auth);
    expect(a).toEqual({ method: 'passkey', passwordMatches: false, refused: [{ message: { id: 4000015, type: 'error', text: 'This account does not exist or has no security key set up.' } }] });
  });

  it('reads nothing but a JSON credential in passkey_login, and serves aal1 flows only', () => {
    expect(strategy.submit.login({ method: 'passkey' }, loginFlow())).toEqual({ fields: [{ node: 'passkey_login', message: expect.objectContaining({ id: 4000001 }) }] });
    expect(strategy.submit.login({ passkey_login: '{}' }, loginFlow({ requestedAal: 'aal2' }))).toEqual({ fields: [{ message: expect.objectContaining({ id: 4010002 }) }] });
  });
});
