import { FactorAdded, FactorRemoved } from '@gatehouse/contracts';
import { SoftAuthenticator } from '../../../test/soft-authenticator';
import type { WebAuthnConfig, WebAuthnKey } from '../../identity/credential-configs';
import type { Credentials, NodeTarget } from '../strategy';
import type { RegistrationState } from './ceremony';
import {
  BASE_URL,
  FLOW_ID,
  IDENTITY_ID,
  KEY_SCHEMA,
  NOW,
  ORIGIN,
  OTHER_FLOW_ID,
  PASSWORD,
  PLAIN_SCHEMA,
  SESSION_ID,
  fixedState,
  identity,
  rpConfig,
  settingsContext,
  settingsFlow,
  stable,
} from './key-fixtures.spec-support';
import { WEBAUTHN_SCRIPT_INTEGRITY } from './webauthn.script';
import { WebAuthnStrategy } from './webauthn.strategy';

const strategy = (passwordless = false) => new WebAuthnStrategy({ config: { passwordless, rp: rpConfig() }, publicBaseUrl: BASE_URL });

const key = (id: string, over: Partial<WebAuthnKey> = {}): WebAuthnKey => ({
  id: Buffer.from(id).toString('base64url'),
  public_key: 'pQECAyYgASFYIA',
  sign_count: 0,
  display_name: id,
  added_at: '2026-01-01T00:00:00Z',
  is_passwordless: false,
  ...over,
});

const withKeys = (keys: WebAuthnKey[], base: Credentials = PASSWORD): Credentials => ({
  ...base,
  webauthn: { identifiers: ['ada@example.test'], config: { credentials: keys, user_handle: 'b5tsLj8KTFGfPg1cjx0qEQ' } },
});

const target = (credentials: Credentials, internal?: Record<string, unknown>): NodeTarget => ({
  kind: 'settings',
  flow: settingsFlow({ internal }),
  identity: identity(),
  credentials,
  schema: KEY_SCHEMA,
});

/** A flow prepared by the strategy, and a key the authenticator registers for it. */
async function prepared(s: WebAuthnStrategy, credentials: Credentials, auth = new SoftAuthenticator(), attestation: 'none' | 'packed' = 'none') {
  const state = (await s.prepare(target(credentials), NOW)) as RegistrationState;
  const flow = settingsFlow({ internal: { webauthn: state } });
  const response = auth.create(state.options, { origin: ORIGIN, attestation });
  return { state, flow, response, post: JSON.stringify(response) };
}

describe('webauthn settings: nodes', () => {
  it('offers a new key and a remove button per key, as Kratos (TestCompleteSettings)', async () => {
    const s = strategy();
    const state = fixedState(await s.prepare(target(withKeys([key('foofoo'), key('barbar')])), NOW));
    const nodes = s.nodes(target(withKeys([key('foofoo'), key('barbar')]), { webauthn: state }));
    expect(stable(nodes)).toMatchSnapshot();
    const script = nodes.find((n) => (n as { type: string }).type === 'script')!.attributes as unknown as Record<string, unknown>;
    expect(script).toMatchObject({ src: `${ORIGIN}/.well-known/ory/webauthn.js`, integrity: WEBAUTHN_SCRIPT_INTEGRITY, nonce: expect.any(String) });
  });

  it('registers for the identity user handle (its id bytes as Kratos derives it, or the one stored), excluding its keys', async () => {
    const s = strategy();
    const fresh = (await s.prepare(target(PASSWORD), NOW)) as RegistrationState;
    expect(fresh.user_handle).toBe(Buffer.from(IDENTITY_ID.replace(/-/g, ''), 'hex').toString('base64url'));
    expect(fresh.options.publicKey).toMatchObject({
      rp: { id: 'auth.example.test', name: 'Gatehouse' },
      user: { id: fresh.user_handle, name: 'Gatehouse', displayName: 'Gatehouse' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'discouraged', requireResidentKey: false, userVerification: 'discouraged' },
      excludeCredentials: [],
      timeout: 300000,
    });
    const kept = (await s.prepare(target(withKeys([key('foofoo')])), NOW)) as RegistrationState;
    expect(kept.user_handle).toBe('b5tsLj8KTFGfPg1cjx0qEQ');
    expect(kept.options.publicKey.excludeCredentials).toEqual([{ id: key('foofoo').id, type: 'public-key' }]);
  });

  it('disables the remove button of a passwordless key that is the last first factor; serves browser flows only', async () => {
    const s = strategy(true);
    const nodes = s.nodes(target(withKeys([key('pwless', { is_passwordless: true }), key('mfa')], {})));
    expect(nodes.map((n) => [n.attributes.value, n.attributes.disabled])).toEqual([
      ['70776c657373', true],
      ['6d6661', false],
    ]);
    const api: NodeTarget = { kind: 'settings', flow: settingsFlow({ type: 'api' }), identity: identity(), credentials: PASSWORD, schema: KEY_SCHEMA };
    expect([await s.prepare(api, NOW), s.nodes(api)]).toEqual([undefined, []]);
  });
});

describe('webauthn settings: adding a key', () => {
  it.each(['none', 'packed'] as const)('verifies a %s attestation and records FactorAdded with the new config', async (attestation) => {
    const s = strategy();
    const existing = key('foofoo');
    const { state, flow, response, post } = await prepared(s, withKeys([existing]), new SoftAuthenticator(), attestation);
    const result = await s.submit.settings({ method: 'webauthn', webauthn_register: post, webauthn_register_displayname: 'My key' }, settingsContext(flow, withKeys([existing])));
    expect(result.internal).toBeNull();
    const change = result.change!;
    expect(change.notice).toEqual({ notice: 'factor_added', factor: 'webauthn' });
    expect(change.events).toHaveLength(1);
    const event = change.events[0]!;
    expect(event).toMatchObject({ type: 'FactorAdded', version: 1 });
    expect(FactorAdded.V1.schema.parse(event.data)).toEqual({
      identity_id: IDENTITY_ID,
      type: 'webauthn',
      flow_id: FLOW_ID,
      session_id: SESSION_ID,
      identifiers: ['ada@example.test'],
      key: { id: response.id, display_name: 'My key' },
      added_at: NOW.toISOString(),
    });
    const config = change.configs!.webauthn as unknown as WebAuthnConfig;
    expect(config.user_handle).toBe(state.user_handle);
    expect(config.credentials).toEqual([
      existing,
      {
        id: response.id,
        public_key: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
        sign_count: 0,
        aaguid: '00000000-0000-0000-0000-000000000000',
        transports: ['internal'],
        attestation_type: attestation,
        display_name: 'My key',
        added_at: '2026-03-01T10:00:00Z',
        is_passwordless: false,
      },
    ]);
  });

  it('marks keys passwordless when the method is', async () => {
    const s = strategy(true);
    const { flow, post } = await prepared(s, PASSWORD);
    const result = await s.submit.settings({ webauthn_register: post }, settingsContext(flow, PASSWORD));
    expect((result.change!.configs!.webauthn as unknown as WebAuthnConfig).credentials[0]).toMatchObject({ is_passwordless: true, display_name: '' });
  });

  it('refuses an answer from another origin, to another challenge, or to another flow', async () => {
    const s = strategy();
    const { state, flow } = await prepared(s, PASSWORD);
    const auth = new SoftAuthenticator();
    const foreign = JSON.stringify(auth.create(state.options, { origin: 'https://evil.test' }));
    const wrongChallenge = JSON.stringify(auth.create({ ...state.options.publicKey, challenge: 'b3RoZXI', excludeCredentials: [] }, { origin: ORIGIN }));
    for (const post of [foreign, wrongChallenge]) {
      const r = await s.submit.settings({ webauthn_register: post }, settingsContext(flow, PASSWORD));
      expect([r.change, r.form?.[0]?.id, r.form?.[0]?.text]).toEqual([undefined, 4000001, expect.stringMatching(/^Unable to create WebAuthn credential: /)]);
    }
    const other = settingsFlow({ id: OTHER_FLOW_ID, internal: { webauthn: state } });
    const valid = JSON.stringify(new SoftAuthenticator().create(state.options, { origin: ORIGIN }));
    expect((await s.submit.settings({ webauthn_register: valid }, settingsContext(other, PASSWORD))).form?.[0]?.id).toBe(4000001);
  });

  it('refuses what is not a credential, a key registered already, and a schema without a webauthn identifier', async () => {
    const s = strategy();
    const { flow, response, post } = await prepared(s, PASSWORD);
    expect((await s.submit.settings({ webauthn_register: '{nope' }, settingsContext(flow, PASSWORD))).form).toEqual([
      { id: 4000001, text: 'Unable to parse WebAuthn response.', type: 'error', context: { reason: 'Unable to parse WebAuthn response.' } },
    ]);
    const twice = await s.submit.settings({ webauthn_register: post }, settingsContext(flow, withKeys([key('x', { id: response.id })])));
    expect(twice.form?.[0]?.text).toBe('Unable to create WebAuthn credential: this key is registered already.');
    expect((await s.submit.settings({ webauthn_register: post }, settingsContext(flow, PASSWORD, PLAIN_SCHEMA))).form?.map((m) => m.id)).toEqual([4000009]);
  });

  it('is not responsible without a register or remove value, nor for api flows', async () => {
    const s = strategy();
    expect([s.claimsSettings({ webauthn_register: '{}' }), s.claimsSettings({ webauthn_remove: 'ab' }), s.claimsSettings({ webauthn_register: '' }), s.claimsSettings({ totp_code: '1' })]).toEqual([true, true, false, false]);
    expect([s.claimsLogin({ webauthn_login: '{}' }), s.claimsLogin({})]).toEqual([true, false]);
    expect((await s.submit.settings({ method: 'webauthn' }, settingsContext(settingsFlow(), PASSWORD))).form?.map((m) => m.id)).toEqual([4010004]);
    expect((await s.submit.settings({ webauthn_remove: 'aa' }, settingsContext(settingsFlow({ type: 'api' }), PASSWORD))).form?.map((m) => m.id)).toEqual([4010004]);
  });
});

describe('webauthn settings: removing a key', () => {
  it('records FactorRemoved; the other keys and the identifiers stay', async () => {
    const s = strategy();
    const creds = withKeys([key('foofoo'), key('barbar')]);
    const r = await s.submit.settings({ webauthn_remove: '666f6f666f6f' }, settingsContext(settingsFlow(), creds));
    expect(r.change!.notice).toEqual({ notice: 'factor_removed', factor: 'webauthn' });
    expect(FactorRemoved.V1.schema.parse(r.change!.events[0]!.data)).toEqual({
      identity_id: IDENTITY_ID,
      type: 'webauthn',
      flow_id: FLOW_ID,
      session_id: SESSION_ID,
      remaining_identifiers: ['ada@example.test'],
      key: { id: key('foofoo').id, display_name: 'foofoo' },
      removed_at: NOW.toISOString(),
    });
    expect(r.change!.configs).toEqual({ webauthn: { credentials: [key('barbar')], user_handle: 'b5tsLj8KTFGfPg1cjx0qEQ' } });
  });

  it('removes the credential with its last key (no identifiers remain, no config)', async () => {
    const r = await strategy().submit.settings({ webauthn_remove: key('foofoo').id }, settingsContext(settingsFlow(), withKeys([key('foofoo')], {})));
    expect([r.change!.events[0]!.data.remaining_identifiers, r.change!.configs]).toEqual([[], undefined]);
  });

  it('refuses a key that does not exist, and the last passwordless key when nothing else signs in', async () => {
    const s = strategy(true);
    const none = await s.submit.settings({ webauthn_remove: 'abcd' }, settingsContext(settingsFlow(), withKeys([key('foofoo')])));
    expect(none.form?.[0]?.text).toBe('You tried to remove a WebAuthn credential which does not exist.');
    const last = await s.submit.settings({ webauthn_remove: '666f6f666f6f' }, settingsContext(settingsFlow(), withKeys([key('foofoo', { is_passwordless: true })], {})));
    expect(last).toEqual({
      fields: [
        {
          node: 'webauthn_remove',
          message: { id: 4000001, type: 'error', text: 'unable to remove this security key because it would lock you out of your account', context: { reason: expect.any(String) } },
        },
      ],
    });
    const withPassword = await s.submit.settings({ webauthn_remove: '666f6f666f6f' }, settingsContext(settingsFlow(), withKeys([key('foofoo', { is_passwordless: true })])));
    expect(withPassword.change).toBeDefined();
  });
});
