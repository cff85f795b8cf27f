import { SoftAuthenticator } from '../../../test/soft-authenticator';
import type { RegistrationFlow } from '../../registration/registration.state';
import { PasskeyStrategy } from '../passkey/passkey.strategy';
import type { NewCredential, NodeTarget } from '../strategy';
import type { RegistrationState } from './ceremony';
import { BASE_URL, FLOW_ID, KEY_SCHEMA, NOW, ORIGIN, OTHER_FLOW_ID, PLAIN_SCHEMA, fixedState, rpConfig, stable } from './key-fixtures.spec-support';
import { WebAuthnStrategy } from './webauthn.strategy';

const passkey = new PasskeyStrategy({ config: { rp: rpConfig() }, publicBaseUrl: BASE_URL, owners: { findByUserHandle: async () => undefined }, clock: () => NOW });
const webauthn = (passwordless = true) => new WebAuthnStrategy({ config: { passwordless, rp: rpConfig() }, publicBaseUrl: BASE_URL });

const flowOf = (over: Partial<RegistrationFlow> = {}): RegistrationFlow => ({
  id: FLOW_ID,
  type: 'browser',
  schemaId: 'keys',
  issuedAt: NOW.toISOString(),
  expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
  requestUrl: `${BASE_URL}self-service/registration/browser`,
  state: 'choose_method',
  ...over,
});
const target = (flow: RegistrationFlow, schema = KEY_SCHEMA): NodeTarget => ({ kind: 'registration', flow, schema });
const subject = (flow: RegistrationFlow, schema = KEY_SCHEMA) => ({ schemaId: schema.id, traits: { email: 'Ada@Example.test' }, registration: { flow, schema, now: NOW } });

async function accepted(read: ReturnType<PasskeyStrategy['submit']['registration']>): Promise<NewCredential> {
  if (!('accepted' in read)) throw new Error(`refused: ${JSON.stringify(read.fields)}`);
  return read.accepted;
}

describe('passkey registration', () => {
  it('shows the script, trigger, hidden input and create data, as Kratos (TestRegistration passkey_button_exists)', async () => {
    const state = fixedState((await passkey.prepare(target(flowOf()))) as RegistrationState);
    expect(state.options.publicKey.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    expect(stable(passkey.nodes(target(flowOf({ internal: { passkey: state } }))))).toMatchSnapshot();
    const api = passkey.nodes(target(flowOf({ type: 'api', internal: { passkey: state } })));
    expect(api.map((n) => [n.attributes.name, (n.attributes as { onclick?: string }).onclick])).toEqual([
      ['passkey_register_trigger', undefined],
      ['passkey_register', undefined],
      ['passkey_create_data', undefined],
    ]);
    expect(passkey.nodes(target(flowOf()))).toEqual([]);
  });

  it('a verified key is the passkey config, its user handle the identifier; the key stays out of the identifiers', async () => {
    const state = (await passkey.prepare(target(flowOf()))) as RegistrationState;
    const flow = flowOf({ internal: { passkey: state } });
    const created = new SoftAuthenticator().create(state.options, { origin: ORIGIN, attestation: 'none' });
    expect(passkey.claimsRegistration({ passkey_register: JSON.stringify(created) })).toBe(true);
    const credential = await accepted(passkey.submit.registration({ method: 'passkey', passkey_register: JSON.stringify(created) }, subject(flow)));
    expect(await credential.check()).toBeUndefined();
    const stored = await credential.configs();
    const handle = Buffer.from(state.user_handle, 'base64url').toString('utf8');
    expect(handle).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(stored).toEqual({
      type: 'passkey',
      identifiers: [handle],
      config: { user_handle: state.user_handle, credentials: [expect.objectContaining({ id: created.id, display_name: '', added_at: '2026-03-01T10:00:00Z', is_passwordless: true, attestation_type: 'none' })] },
    });
  });

  it('refuses another flow’s challenge, another origin, no challenge and an unparseable or missing credential', async () => {
    const state = (await passkey.prepare(target(flowOf()))) as RegistrationState;
    const other = (await passkey.prepare(target(flowOf({ id: OTHER_FLOW_ID })))) as RegistrationState;
    const flow = flowOf({ internal: { passkey: state } });
    const key = new SoftAuthenticator();
    for (const created of [key.create(other.options, { origin: ORIGIN }), key.create(state.options, { origin: 'https://evil.example' })]) {
      const credential = await accepted(passkey.submit.registration({ passkey_register: JSON.stringify(created) }, subject(flow)));
      expect(await credential.check()).toEqual({ message: expect.objectContaining({ id: 4000001, text: expect.stringMatching(/^Unable to create WebAuthn credential: /) }) });
      await expect(credential.configs()).rejects.toThrow();
    }
    const created = JSON.stringify(key.create(state.options, { origin: ORIGIN }));
    expect(passkey.submit.registration({ passkey_register: created }, subject(flowOf()))).toEqual({ fields: [{ message: expect.objectContaining({ id: 4000001 }) }] });
    expect(passkey.submit.registration({ passkey_register: '{"id":1}' }, subject(flow))).toEqual({ fields: [{ node: 'passkey_register', message: expect.objectContaining({ id: 4000001 }) }] });
    for (const empty of ['', 'true', undefined]) {
      expect(passkey.submit.registration({ passkey_register: empty }, subject(flow))).toEqual({ fields: [{ message: expect.objectContaining({ id: 4010003 }) }] });
    }
  });
});

describe('webauthn registration (passwordless)', () => {
  it('browser flows only, when passwordless: the name, hidden input, trigger with the options and the script', async () => {
    const prepared = (await webauthn().prepare(target(flowOf()))) as RegistrationState;
    expect(Buffer.from(prepared.user_handle, 'base64url')).toHaveLength(16);
    const state = fixedState(prepared);
    expect(stable(webauthn().nodes(target(flowOf({ internal: { webauthn: state } }))))).toMatchSnapshot();
    expect(await webauthn().prepare(target(flowOf({ type: 'api' })))).toBeUndefined();
    expect(await webauthn(false).prepare(target(flowOf()))).toBeUndefined();
    expect(webauthn(false).submit.registration).toBeUndefined();
    expect(webauthn(false).claimsRegistration({ webauthn_register: 'x' })).toBe(false);
  });

  it('a verified key is the webauthn config with its name; the identifiers are the webauthn identifier traits', async () => {
    const strategy = webauthn();
    const state = (await strategy.prepare(target(flowOf()))) as RegistrationState;
    const flow = flowOf({ internal: { webauthn: state } });
    const created = JSON.stringify(new SoftAuthenticator().create(state.options, { origin: ORIGIN, attestation: 'packed' }));
    const credential = await accepted(strategy.submit.registration!({ webauthn_register: created, webauthn_register_displayname: 'Desk key' }, subject(flow)));
    expect(await credential.check()).toBeUndefined();
    expect(await credential.configs()).toMatchObject({ type: 'webauthn', identifiers: ['ada@example.test'], config: { user_handle: state.user_handle, credentials: [{ display_name: 'Desk key', is_passwordless: true }] } });
    // a schema without a webauthn identifier: none (the decider refuses it as Kratos's missing identifier)
    const plain = await accepted(strategy.submit.registration!({ webauthn_register: created }, subject(flow, PLAIN_SCHEMA)));
    expect(await plain.check()).toBeUndefined();
    expect((await plain.configs()).identifiers).toEqual([]);
    expect(strategy.submit.registration!({ webauthn_register: created }, subject(flowOf({ type: 'api', internal: { webauthn: state } })))).toEqual({ fields: [{ message: expect.objectContaining({ id: 4010003 }) }] });
  });
});
