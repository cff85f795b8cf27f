import { Browser, PASSWORD, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';
import { SoftAuthenticator } from '../../test/soft-authenticator';

const ORIGIN = 'http://127.0.0.1:4433';

/** Signing up with a passkey, or with a passwordless webauthn key, through SPA registration flows (a software
 * authenticator), then signing in with the same key through the passkey login (real Postgres and Kafka). */
describe('registration with a passkey or a passwordless security key (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();

  beforeAll(() =>
    h.start({
      SELFSERVICE_METHODS_WEBAUTHN_ENABLED: 'true',
      SELFSERVICE_METHODS_WEBAUTHN_CONFIG_PASSWORDLESS: 'true',
      SELFSERVICE_METHODS_PASSKEY_ENABLED: 'true',
    }),
  );
  afterAll(() => h.stop());

  const node = (flow: any, name: string) => flow.ui.nodes.find((n: any) => n.attributes.name === name);
  const value = (flow: any, name: string) => node(flow, name)?.attributes.value as string;
  const createData = (flow: any) => JSON.parse(value(flow, 'passkey_create_data'));

  async function passkeyLogin(key: SoftAuthenticator): Promise<{ browser: Browser; res: Response }> {
    const browser = new Browser(h.url);
    const { flow, csrf } = await browser.spaFlow('login');
    const assertion = key.get(JSON.parse(value(flow, 'passkey_challenge')), { origin: ORIGIN });
    return { browser, res: await browser.jsonPost('login', flow.id, { csrf_token: csrf, method: 'passkey', passkey_login: JSON.stringify(assertion) }) };
  }

  async function registeredEvents(email: string) {
    return (await h.events()).filter((e) => e.type === 'IdentityRegistered' && (e.data as any).traits.email === email);
  }

  it('signs up with a passkey (none attestation): a passkey credential, no password, a session; the key then signs in', async () => {
    const browser = new Browser(h.url);
    const email = uniqueEmail('passkey');
    const { flow, csrf } = await browser.spaFlow('registration');
    expect(flow.ui.nodes.map((n: any) => n.attributes.name ?? n.attributes.id)).toEqual([
      'csrf_token',
      'traits.email',
      'traits.name.first',
      'traits.name.last',
      // webauthn (passwordless) and passkey are both on here: one script for both
      'webauthn_register_displayname',
      'webauthn_register',
      'webauthn_register_trigger',
      'webauthn_script',
      'passkey_register_trigger',
      'passkey_register',
      'passkey_create_data',
      'password',
      'method',
    ]);
    const data = createData(flow);
    expect(data.displayNameFieldName).toBe('traits.email');
    const key = new SoftAuthenticator();
    const created = key.create(data.credentialOptions, { origin: ORIGIN, attestation: 'none' });
    const res = await browser.jsonPost('registration', flow.id, { csrf_token: csrf, method: 'passkey', traits: { email }, passkey_register: JSON.stringify(created) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.session.authentication_methods.map((m: any) => [m.method, m.aal])).toEqual([['passkey', 'aal1']]);
    expect(body.session_token).toBeUndefined();
    const whoami = await browser.whoami();
    expect(whoami.status).toBe(200);
    expect(((await whoami.json()) as any).identity.id).toBe(body.identity.id);

    const rows = await h.query<{ type: string; identifiers: string[]; config: any }>('SELECT type, identifiers, config FROM $schema.identity_credentials WHERE identity_id = $1 ORDER BY type', [body.identity.id]);
    const handle = Buffer.from(data.credentialOptions.publicKey.user.id, 'base64url').toString('utf8');
    expect(rows.map((r) => [r.type, r.identifiers])).toEqual([
      ['passkey', [handle]],
      // the e-mail stays a unique identifier (as Kratos's credential identifiers); no password is set
      ['password', [email]],
    ]);
    const passkey = rows[0]!.config;
    expect(passkey.user_handle).toBe(data.credentialOptions.publicKey.user.id);
    expect(passkey.credentials).toEqual([expect.objectContaining({ id: created.id, is_passwordless: true, attestation_type: 'none' })]);
    expect(rows[1]!.config.hashed_password).toBeUndefined();

    // the key lives in the sealed part of the event only
    const [event] = await registeredEvents(email);
    expect((event!.data as any).credentials).toEqual({ password: { identifiers: [email] }, passkey: { identifiers: [handle] } });
    expect(JSON.stringify(event!.data)).not.toContain(passkey.credentials[0].public_key);
    expect(JSON.stringify(event!.secrets)).toContain(passkey.credentials[0].public_key);

    const { browser: later, res: login } = await passkeyLogin(key);
    expect(login.status).toBe(200);
    const session = ((await login.json()) as any).session;
    expect(session.identity.id).toBe(body.identity.id);
    expect(session.authentication_methods.map((m: any) => m.method)).toEqual(['passkey']);
    expect((await later.whoami()).status).toBe(200);

    // there is no password to sign in with
    const other = new Browser(h.url);
    const { flow: pl, csrf: pc } = await other.spaFlow('login');
    expect((await other.jsonPost('login', pl.id, { csrf_token: pc, method: 'password', identifier: email, password: PASSWORD })).status).toBe(400);
  });

  it('refuses an attestation for another challenge, origin or a garbled one with 400, recording nothing', async () => {
    const browser = new Browser(h.url);
    const email = uniqueEmail('passkey-bad');
    const { flow, csrf } = await browser.spaFlow('registration');
    const { flow: another } = await new Browser(h.url).spaFlow('registration');
    const key = new SoftAuthenticator();
    const attempts = [
      key.create(createData(another).credentialOptions, { origin: ORIGIN }),
      key.create(createData(flow).credentialOptions, { origin: 'http://evil.example' }),
      { ...key.create(createData(flow).credentialOptions, { origin: ORIGIN }), response: { clientDataJSON: 'e30', attestationObject: 'AAAA' } },
    ];
    for (const created of attempts) {
      const res = await browser.jsonPost('registration', flow.id, { csrf_token: csrf, method: 'passkey', traits: { email }, passkey_register: JSON.stringify(created) });
      expect(res.status).toBe(400);
      const refused = (await res.json()) as any;
      expect(refused.ui.messages).toEqual([expect.objectContaining({ id: 4000001, type: 'error', text: expect.stringMatching(/^Unable to create WebAuthn credential: /) })]);
      expect(node(refused, 'traits.email').attributes.value).toBe(email);
    }
    const unparseable = await browser.jsonPost('registration', flow.id, { csrf_token: csrf, method: 'passkey', traits: { email }, passkey_register: '{"id":1}' });
    expect(unparseable.status).toBe(400);
    expect(await registeredEvents(email)).toEqual([]);
    expect(await h.query('SELECT 1 FROM $schema.unique_claims WHERE value = $1', [email])).toEqual([]);
    expect((await browser.whoami()).status).toBe(401);
  });

  it('refuses a passkey sign-up with an e-mail another identity holds (4000007)', async () => {
    const email = uniqueEmail('passkey-dup');
    expect((await new Browser(h.url).register(email)).status).toBe(303);
    const browser = new Browser(h.url);
    const { flow, csrf } = await browser.spaFlow('registration');
    const created = new SoftAuthenticator().create(createData(flow).credentialOptions, { origin: ORIGIN });
    const res = await browser.jsonPost('registration', flow.id, { csrf_token: csrf, method: 'passkey', traits: { email }, passkey_register: JSON.stringify(created) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).ui.messages).toEqual([expect.objectContaining({ id: 4000007 })]);
    expect(await registeredEvents(email)).toHaveLength(1);
  });

  it('signs up with a passwordless security key (packed attestation, submitted without a method), whose key the passkey login accepts', async () => {
    const browser = new Browser(h.url);
    const email = uniqueEmail('webauthn-signup');
    const { flow, csrf } = await browser.spaFlow('registration');
    const key = new SoftAuthenticator();
    const created = key.create(JSON.parse(value(flow, 'webauthn_register_trigger')), { origin: ORIGIN, attestation: 'packed' });
    const res = await browser.jsonPost('registration', flow.id, { csrf_token: csrf, traits: { email }, webauthn_register: JSON.stringify(created), webauthn_register_displayname: 'Desk key' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.session.authentication_methods.map((m: any) => m.method)).toEqual(['webauthn']);
    const rows = await h.query<{ type: string; identifiers: string[]; config: any }>('SELECT type, identifiers, config FROM $schema.identity_credentials WHERE identity_id = $1 ORDER BY type', [body.identity.id]);
    expect(rows.map((r) => [r.type, r.identifiers])).toEqual([
      ['password', [email]],
      ['webauthn', [email]],
    ]);
    expect(rows[1]!.config.credentials).toEqual([expect.objectContaining({ id: created.id, display_name: 'Desk key', is_passwordless: true, attestation_type: 'packed' })]);

    // the passkey login accepts the key, a first factor: an identity whose webauthn keys are all passwordless has no
    // second factor (as Kratos counts them), so the login is complete at aal1
    const { res: login } = await passkeyLogin(key);
    expect(login.status).toBe(200);
    expect(((await login.json()) as any).session.authenticator_assurance_level).toBe('aal1');
  });
});
