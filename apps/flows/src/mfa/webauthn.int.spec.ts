import { Browser, PASSWORD, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';
import { SoftAuthenticator } from '../../test/soft-authenticator';

const ORIGIN = 'http://127.0.0.1:4433';

/** WebAuthn (a second factor) and passkeys (a passwordless first factor) through browser (SPA) settings and login
 * flows, with a software authenticator (node:crypto keys; packed and none attestation), against the flows service. */
describe('webauthn and passkey (real Postgres)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start({ SELFSERVICE_METHODS_WEBAUTHN_ENABLED: 'true', SELFSERVICE_METHODS_PASSKEY_ENABLED: 'true' }));
  afterAll(() => h.stop());

  const value = (flow: any, name: string) => flow.ui.nodes.find((n: any) => n.attributes.name === name)?.attributes.value as string;

  async function signedUp(): Promise<{ browser: Browser; email: string }> {
    const browser = new Browser(h.url);
    const email = uniqueEmail('webauthn');
    expect((await browser.register(email)).status).toBe(303);
    return { browser, email };
  }

  async function passwordLogin(email: string): Promise<{ browser: Browser; res: Response }> {
    const browser = new Browser(h.url);
    const { flow, csrf } = await browser.spaFlow('login');
    const res = await browser.jsonPost('login', flow.id, { csrf_token: csrf, method: 'password', identifier: email, password: PASSWORD });
    return { browser, res };
  }

  it('a security key (packed attestation) added in settings is asked for after the password; its assertion raises the session once', async () => {
    const { browser, email } = await signedUp();
    const key = new SoftAuthenticator();
    const { flow, csrf } = await browser.spaFlow('settings');
    const created = key.create(JSON.parse(value(flow, 'webauthn_register_trigger')), { origin: ORIGIN, attestation: 'packed' });
    const added = await browser.jsonPost('settings', flow.id, { csrf_token: csrf, method: 'webauthn', webauthn_register: JSON.stringify(created), webauthn_register_displayname: 'Desk key' });
    expect(added.status).toBe(200);
    const saved = (await added.json()) as any;
    expect(saved.ui.nodes.filter((n: any) => n.attributes.name === 'webauthn_remove')).toHaveLength(1);
    expect(((await (await browser.whoami()).json()) as any).authenticator_assurance_level).toBe('aal2');

    // a browser's form post of the password is sent on to the aal2 login (303, with the session cookie)
    const plain = new Browser(h.url);
    const { flow: form, csrf: formCsrf } = await plain.browserFlow('login');
    const posted = await plain.formPost('login', form.id, { csrf_token: formCsrf, method: 'password', identifier: email, password: PASSWORD });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/\/self-service\/login\/browser\?aal=aal2/);
    expect((await plain.whoami()).status).toBe(403);

    // a password login of this identity: the SPA is sent on to the aal2 login (422), its session is aal1
    const { browser: later, res } = await passwordLogin(email);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).redirect_browser_to).toMatch(/\/self-service\/login\/browser\?aal=aal2/);
    expect((await later.whoami()).status).toBe(403);
    const { flow: aal2, csrf: csrf2 } = await later.spaFlow('login', '?aal=aal2');
    const assertion = key.get(JSON.parse(value(aal2, 'webauthn_login_trigger')), { origin: ORIGIN });
    const wrongOrigin = key.clone().get(JSON.parse(value(aal2, 'webauthn_login_trigger')), { origin: 'http://evil.example' });
    expect((await later.jsonPost('login', aal2.id, { csrf_token: csrf2, method: 'webauthn', webauthn_login: JSON.stringify(wrongOrigin) })).status).toBe(400);
    const ok = await later.jsonPost('login', aal2.id, { csrf_token: csrf2, webauthn_login: JSON.stringify(assertion) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).session.authenticator_assurance_level).toBe('aal2');
    expect((await later.whoami()).status).toBe(200);

    // the same assertion again (its counter did not move): refused
    const { browser: third } = await passwordLogin(email);
    const { flow: again, csrf: csrf3 } = await third.spaFlow('login', '?aal=aal2');
    expect((await third.jsonPost('login', again.id, { csrf_token: csrf3, webauthn_login: JSON.stringify(assertion) })).status).toBe(400);

    // removing it: FactorRemoved, and a password login is enough again
    const { flow: s2, csrf: c2 } = await later.spaFlow('settings');
    const removed = await later.jsonPost('settings', s2.id, { csrf_token: c2, method: 'webauthn', webauthn_remove: value(s2, 'webauthn_remove') });
    expect(removed.status).toBe(200);
    const types = (await h.events()).filter((e) => e.type.startsWith('Factor')).map((e) => [e.type, (e.data as any).type]);
    expect(types).toEqual(expect.arrayContaining([['FactorAdded', 'webauthn'], ['FactorUsed', 'webauthn'], ['FactorRemoved', 'webauthn']]));
    expect((await passwordLogin(email)).res.status).toBe(200);
  });

  it('a passkey (none attestation) added in settings signs in without a password (aal1, method passkey)', async () => {
    const { browser } = await signedUp();
    const key = new SoftAuthenticator();
    const { flow, csrf } = await browser.spaFlow('settings');
    const created = key.create(JSON.parse(value(flow, 'passkey_create_data')), { origin: ORIGIN, attestation: 'none' });
    const added = await browser.jsonPost('settings', flow.id, { csrf_token: csrf, method: 'passkey', passkey_settings_register: JSON.stringify(created) });
    expect(added.status).toBe(200);

    const fresh = new Browser(h.url);
    const { flow: login, csrf: lc } = await fresh.spaFlow('login');
    const assertion = key.get(JSON.parse(value(login, 'passkey_challenge')), { origin: ORIGIN });
    const res = await fresh.jsonPost('login', login.id, { csrf_token: lc, method: 'passkey', passkey_login: JSON.stringify(assertion) });
    expect(res.status).toBe(200);
    const session = ((await res.json()) as any).session;
    expect(session.authentication_methods.map((m: any) => [m.method, m.aal])).toEqual([['passkey', 'aal1']]);
    expect((await fresh.whoami()).status).toBe(200);
    // a key that was never registered is refused
    const stranger = new SoftAuthenticator();
    stranger.create(JSON.parse(value(flow, 'passkey_create_data')), { origin: ORIGIN });
    const other = new Browser(h.url);
    const { flow: l2, csrf: c2 } = await other.spaFlow('login');
    const refused = await other.jsonPost('login', l2.id, { csrf_token: c2, method: 'passkey', passkey_login: JSON.stringify(stranger.get(JSON.parse(value(l2, 'passkey_challenge')), { origin: ORIGIN })) });
    expect(refused.status).toBe(400);
    // the stranger's key was made for the same user handle: the owner is found, the key is not one of theirs
    expect(JSON.stringify(await refused.json())).toContain('4000008');
    expect((await other.whoami()).status).toBe(401);
  });
});
