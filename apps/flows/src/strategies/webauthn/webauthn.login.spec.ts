import { FactorUsed } from '@gatehouse/contracts';
import { SoftAuthenticator } from '../../../test/soft-authenticator';
import type { WebAuthnConfig } from '../../identity/credential-configs';
import type { LoginFlow } from '../../login/login.state';
import type { Credentials, NodeTarget, SecondFactorCredential } from '../strategy';
import type { LoginState, RegistrationState } from './ceremony';
import { BASE_URL, FLOW_ID, IDENTITY_ID, KEY_SCHEMA, NOW, ORIGIN, OTHER_FLOW_ID, PASSWORD, fixedState, loginFlow, rpConfig, settingsContext, settingsFlow, stable } from './key-fixtures.spec-support';
import { WebAuthnStrategy } from './webauthn.strategy';

const strategy = new WebAuthnStrategy({ config: { passwordless: false, rp: rpConfig() }, publicBaseUrl: BASE_URL });

/** An identity with a password and a security key the authenticator holds (registered through settings). */
async function enrolled(auth = new SoftAuthenticator()): Promise<{ auth: SoftAuthenticator; credentials: Credentials }> {
  const t: NodeTarget = { kind: 'settings', flow: settingsFlow(), identity: settingsContext(settingsFlow(), PASSWORD).identity, credentials: PASSWORD, schema: KEY_SCHEMA };
  const state = (await strategy.prepare(t)) as RegistrationState;
  const post = JSON.stringify(auth.create(state.options, { origin: ORIGIN }));
  const result = await strategy.submit.settings({ webauthn_register: post, webauthn_register_displayname: 'YubiKey' }, settingsContext(settingsFlow({ internal: { webauthn: state } }), PASSWORD));
  return { auth, credentials: { ...PASSWORD, webauthn: { identifiers: ['ada@example.test'], config: result.change!.configs!.webauthn! } } };
}

const aal2 = (over: Partial<LoginFlow> = {}) => loginFlow({ requestedAal: 'aal2', ...over });
const loginTarget = (flow: LoginFlow, credentials: Credentials): NodeTarget => ({ kind: 'login', flow, schema: KEY_SCHEMA, subject: { id: IDENTITY_ID, credentials } });

async function prepared(credentials: Credentials): Promise<LoginFlow> {
  const state = (await strategy.prepare(loginTarget(aal2(), credentials))) as LoginState;
  return aal2({ internal: { webauthn: state } });
}

function accepted(input: Record<string, unknown>, flow: LoginFlow): SecondFactorCredential {
  const s = strategy.submit.secondFactor(input, flow);
  if (!('accepted' in s)) throw new Error(`refused: ${JSON.stringify(s.fields)}`);
  return s.accepted;
}

describe('webauthn aal2 login: nodes', () => {
  it('offers the identity keys for an aal2 login, as Kratos (PopulateLoginMethodSecondFactor)', async () => {
    const { credentials } = await enrolled();
    const keyId = (credentials.webauthn!.config as unknown as WebAuthnConfig).credentials[0]!.id;
    const state = (await strategy.prepare(loginTarget(aal2(), credentials))) as LoginState;
    expect(state.options.publicKey).toMatchObject({ rpId: 'auth.example.test', userVerification: 'discouraged', timeout: 300000, allowCredentials: [{ id: keyId, type: 'public-key', transports: ['internal'] }] });
    const fixed = fixedState(state);
    fixed.options.publicKey.allowCredentials = [{ id: 'a2V5LWlk', type: 'public-key' }];
    expect(stable(strategy.nodes(loginTarget(aal2({ internal: { webauthn: fixed } }), credentials)))).toMatchSnapshot();
  });

  it('offers nothing to aal1 or api flows, identities without second-factor keys, or when the method is passwordless', async () => {
    const { credentials } = await enrolled();
    const passwordless = new WebAuthnStrategy({ config: { passwordless: true, rp: rpConfig() }, publicBaseUrl: BASE_URL });
    expect(await strategy.prepare(loginTarget(loginFlow(), credentials))).toBeUndefined();
    expect(await strategy.prepare(loginTarget(aal2({ type: 'api' }), credentials))).toBeUndefined();
    expect(await strategy.prepare(loginTarget(aal2(), PASSWORD))).toBeUndefined();
    expect(await passwordless.prepare(loginTarget(aal2(), credentials))).toBeUndefined();
    const flow = await prepared(credentials);
    expect(strategy.nodes(loginTarget(flow, PASSWORD))).toEqual([]);
  });
});

describe('webauthn aal2 login: verify', () => {
  it('accepts the key and records FactorUsed with its new signature counter', async () => {
    const { auth, credentials } = await enrolled();
    const flow = await prepared(credentials);
    const assertion = auth.get((flow.internal!.webauthn as LoginState).options, { origin: ORIGIN });
    const result = await accepted({ method: 'webauthn', webauthn_login: JSON.stringify(assertion) }, flow).verify(credentials, { flow, identityId: IDENTITY_ID, now: NOW });
    if (!('used' in result)) throw new Error(JSON.stringify(result));
    const event = result.used.events[0]!;
    expect(event.type).toBe('FactorUsed');
    expect(FactorUsed.V1.schema.parse(event.data)).toEqual({ identity_id: IDENTITY_ID, type: 'webauthn', flow_id: FLOW_ID, key: { id: assertion.id, display_name: 'YubiKey' }, used_at: NOW.toISOString() });
    const config = result.used.configs!.webauthn as unknown as WebAuthnConfig;
    expect(config.credentials.map((k) => k.sign_count)).toEqual([1]);
    expect(config.user_handle).toBe((credentials.webauthn!.config as unknown as WebAuthnConfig).user_handle);
  });

  it('refuses a counter that does not grow (a cloned authenticator)', async () => {
    const { auth, credentials } = await enrolled();
    const clone = auth.clone();
    let creds = credentials;
    const login = async (a: SoftAuthenticator) => {
      const flow = await prepared(creds);
      const post = JSON.stringify(a.get((flow.internal!.webauthn as LoginState).options, { origin: ORIGIN }));
      return accepted({ webauthn_login: post }, flow).verify(creds, { flow, identityId: IDENTITY_ID, now: NOW });
    };
    const first = await login(auth);
    if (!('used' in first)) throw new Error('first login refused');
    creds = { ...creds, webauthn: { identifiers: creds.webauthn!.identifiers, config: first.used.configs!.webauthn! } };
    expect(await login(clone)).toEqual({ refused: [{ message: expect.objectContaining({ id: 4000008 }) }] });
  });

  it('refuses an assertion to another challenge, from another origin, or with the state of another flow', async () => {
    const { auth, credentials } = await enrolled();
    const flow = await prepared(credentials);
    const options = (flow.internal!.webauthn as LoginState).options;
    const cases: Array<[string, LoginFlow]> = [
      [JSON.stringify(auth.get(options, { origin: ORIGIN, challenge: 'b3RoZXI' })), flow],
      [JSON.stringify(auth.get(options, { origin: 'https://evil.test' })), flow],
      [JSON.stringify(auth.get(options, { origin: ORIGIN })), { ...flow, id: OTHER_FLOW_ID }],
    ];
    for (const [post, f] of cases) {
      expect(await accepted({ webauthn_login: post }, f).verify(credentials, { flow: f, identityId: IDENTITY_ID, now: NOW })).toEqual({
        refused: [{ message: { id: 4000008, type: 'error', text: 'The provided authentication code is invalid, please try again.' } }],
      });
    }
  });

  it('refuses a key of another identity, and an identity without keys', async () => {
    const { credentials } = await enrolled();
    const stranger = await enrolled();
    const flow = await prepared(credentials);
    const post = JSON.stringify(stranger.auth.get({ challenge: (flow.internal!.webauthn as LoginState).challenge }, { origin: ORIGIN }));
    expect(await accepted({ webauthn_login: post }, flow).verify(credentials, { flow, identityId: IDENTITY_ID, now: NOW })).toEqual({ refused: [{ message: expect.objectContaining({ id: 4000008 }) }] });
    expect(await accepted({ webauthn_login: post }, flow).verify(PASSWORD, { flow, identityId: IDENTITY_ID, now: NOW })).toEqual({ refused: [{ message: expect.objectContaining({ id: 4000013 }) }] });
  });

  it('reads nothing but a JSON credential in webauthn_login', () => {
    for (const webauthn_login of [undefined, '', 'nope', '{"id":"x"}']) {
      expect(strategy.submit.secondFactor({ method: 'webauthn', webauthn_login }, aal2())).toEqual({
        fields: [{ node: 'webauthn_login', message: expect.objectContaining({ id: 4000001, text: 'Unable to parse WebAuthn response.' }) }],
      });
    }
  });
});
