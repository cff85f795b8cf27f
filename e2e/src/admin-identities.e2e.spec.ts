import { Configuration, FrontendApi, Identity, IdentityApi } from '@ory/client';
import { Suite, expectKratosShape, refused } from '@gatehouse/testing';

const PASSWORD = 'e2e admin identities passphrase 7f3a';

/** The admin identity API through the gateway's admin listener, driven with @ory/client's IdentityApi. */
describe('admin identity API end to end', () => {
  const suite = new Suite();
  let ory: FrontendApi;
  let admin: IdentityApi;
  const email = (name: string) => `${name}.${suite.id}@example.com`;

  beforeAll(async () => {
    await suite.start();
    ory = new FrontendApi(new Configuration({ basePath: suite.publicUrl }));
    admin = new IdentityApi(new Configuration({ basePath: suite.adminUrl }));
  }, 90_000);
  afterAll(() => suite.stop(), 30_000);

  const create = async (name: string, extra: Record<string, unknown> = {}): Promise<Identity> =>
    (
      await admin.createIdentity({
        createIdentityBody: { schema_id: 'default', traits: { email: email(name) }, credentials: { password: { config: { password: PASSWORD } } }, ...extra },
      })
    ).data;

  const login = (identifier: string, password = PASSWORD) => ory.createNativeLoginFlow().then(({ data: flow }) => ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password } }));

  it('creates an identity (201) that the very next GET shows, and refuses a duplicate identifier (409) and bad traits (400)', async () => {
    const res = await admin.createIdentity({
      createIdentityBody: { schema_id: 'default', traits: { email: email('grace') }, metadata_public: { plan: 'pro' }, metadata_admin: { note: 'vip' }, state: 'active' },
    });
    expect(res.status).toBe(201);
    expectKratosShape('identity', res.data);
    expect(res.data).toMatchObject({ traits: { email: email('grace') }, metadata_public: { plan: 'pro' }, metadata_admin: { note: 'vip' }, state: 'active' });
    const { data: got } = await admin.getIdentity({ id: res.data.id });
    expect(got).toEqual(res.data);

    const dup = await refused(admin.createIdentity({ createIdentityBody: { schema_id: 'default', traits: { email: email('grace').toUpperCase() } } }));
    expect(dup.status).toBe(409);
    expectKratosShape('errorGeneric', dup.body);
    const bad = await refused(admin.createIdentity({ createIdentityBody: { schema_id: 'default', traits: { email: 'not an email' } } }));
    expect(bad.status).toBe(400);
  });

  it('lists with each filter and pages across pages with the Link header; combining filters is a 400', async () => {
    const made = [await create('list.a'), await create('list.b'), await create('list.c')];
    const { data: byIdentifier } = await admin.listIdentities({ credentialsIdentifier: email('list.b') });
    expect(byIdentifier.map((i) => i.id)).toEqual([made[1].id]);
    const { data: byIds } = await admin.listIdentities({ ids: [made[0].id, made[2].id] });
    expect(byIds.map((i) => i.id).sort()).toEqual([made[0].id, made[2].id].sort());
    const { data: withCredentials } = await admin.listIdentities({ ids: [made[0].id], includeCredential: ['password'] });
    expect(withCredentials[0].credentials?.password?.identifiers).toEqual([email('list.a')]);

    const seen: string[] = [];
    let pageToken: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const res = await admin.listIdentities({ pageSize: 2, pageToken });
      expect(res.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.data.map((i) => i.id));
      const next = /<([^>]+)>;\s*rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
      if (!next) break;
      pageToken = new URL(next, suite.adminUrl).searchParams.get('page_token') ?? undefined;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const m of made) expect(seen).toContain(m.id);

    const combined = await refused(admin.listIdentities({ ids: [made[0].id], credentialsIdentifier: email('list.a') }));
    expect(combined.status).toBe(400);
  });

  it('updates with PUT and JSON Patch (a denied path is a 400), and the next GET shows each change', async () => {
    const ada = await create('ada');
    const { data: put } = await admin.updateIdentity({
      id: ada.id,
      updateIdentityBody: { schema_id: 'default', state: 'active', traits: { email: email('ada.lovelace') }, metadata_admin: { ticket: 42 } },
    });
    expect(put).toMatchObject({ traits: { email: email('ada.lovelace') }, metadata_admin: { ticket: 42 } });
    expect((await admin.getIdentity({ id: ada.id })).data.traits).toEqual({ email: email('ada.lovelace') });
    expect((await login(email('ada.lovelace'))).status).toBe(200);

    const { data: patched } = await admin.patchIdentity({ id: ada.id, jsonPatch: [{ op: 'replace', path: '/metadata_public', value: { tier: 2 } }] });
    expect(patched.metadata_public).toEqual({ tier: 2 });
    expect((await admin.getIdentity({ id: ada.id })).data.metadata_public).toEqual({ tier: 2 });
    const denied = await refused(admin.patchIdentity({ id: ada.id, jsonPatch: [{ op: 'replace', path: '/id', value: '00000000-0000-4000-8000-000000000000' }] }));
    expect(denied.status).toBe(400);
    expect((await admin.getIdentity({ id: ada.id })).data.id).toBe(ada.id);
  });

  it('a deactivated identity cannot log in and its sessions answer 401; a deleted identity is gone and its email can register again', async () => {
    const bob = await create('bob');
    const { data: session } = await login(email('bob'));
    expect((await ory.toSession({ xSessionToken: session.session_token })).status).toBe(200);

    await admin.patchIdentity({ id: bob.id, jsonPatch: [{ op: 'replace', path: '/state', value: 'inactive' }] });
    expect((await refused(ory.toSession({ xSessionToken: session.session_token }))).status).toBe(401);
    const disabled = await refused(login(email('bob')));
    expect(disabled.status).toBe(400);
    expect(disabled.body.ui.messages.map((m: { id: number }) => m.id)).toEqual([4010011]);
    expect((await admin.getIdentity({ id: bob.id })).data.state).toBe('inactive');

    expect((await admin.deleteIdentity({ id: bob.id })).status).toBe(204);
    expect((await refused(admin.getIdentity({ id: bob.id }))).status).toBe(404);
    expect((await refused(admin.deleteIdentity({ id: bob.id }))).status).toBe(404);
    const { data: flow } = await ory.createNativeRegistrationFlow();
    const { data: again } = await ory.updateRegistrationFlow({ flow: flow.id, updateRegistrationFlowBody: { method: 'password', traits: { email: email('bob') }, password: PASSWORD } });
    expect(again.identity.id).not.toBe(bob.id);
  });

  it('refuses to remove the last first factor (400) and a credential the identity does not have (404)', async () => {
    const eve = await create('eve');
    const last = await refused(admin.deleteIdentityCredentials({ id: eve.id, type: 'password' }));
    expect(last.status).toBe(400);
    expect(last.body.error.reason).toBe('You cannot remove the last first factor credential.');
    expect((await refused(admin.deleteIdentityCredentials({ id: eve.id, type: 'totp' }))).status).toBe(404);
    expect((await login(email('eve'))).status).toBe(200);

    const oidcToo = await create('eve.oidc', { credentials: { password: { config: { password: PASSWORD } }, oidc: { config: { providers: [{ provider: 'github', subject: `gh-${suite.id}` }] } } } });
    expect((await admin.deleteIdentityCredentials({ id: oidcToo.id, type: 'password' })).status).toBe(204);
    expect(Object.keys((await admin.getIdentity({ id: oidcToo.id })).data.credentials ?? {})).toEqual(['oidc']);
    expect((await refused(login(email('eve.oidc')))).status).toBe(400);
  });

  it('answers the admin session calls for an identity', async () => {
    const kim = await create('kim');
    const { data: first } = await login(email('kim'));
    await login(email('kim'));
    const { data: sessions } = await admin.listIdentitySessions({ id: kim.id });
    expect(sessions).toHaveLength(2);
    const { data: expanded } = await admin.getSession({ id: first.session.id, expand: ['identity'] });
    expect(expanded.identity?.id).toBe(kim.id);
    expect((await admin.extendSession({ id: first.session.id })).status).toBeLessThan(300);
    expect((await admin.deleteIdentitySessions({ id: kim.id })).status).toBe(204);
    expect((await refused(ory.toSession({ xSessionToken: first.session_token }))).status).toBe(401);
  });

  it('keeps the history: create → update → state change → delete in order, with no secret in it', async () => {
    const ivy = await create('ivy');
    const asOps = { headers: { 'X-Gatehouse-Actor': 'ops@example.com' } };
    await admin.patchIdentity({ id: ivy.id, jsonPatch: [{ op: 'add', path: '/metadata_admin', value: { reviewed: true } }] }, asOps);
    await admin.patchIdentity({ id: ivy.id, jsonPatch: [{ op: 'replace', path: '/state', value: 'inactive' }] });
    await admin.deleteIdentity({ id: ivy.id });

    const res = await fetch(`${suite.adminUrl}/admin/identities/${ivy.id}/events`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const history = JSON.parse(text) as Array<{ type: string; occurred_at: string; actor: { type: string; id?: string } }>;
    expect(history.map((e) => e.type)).toEqual(['IdentityCreated', 'IdentityUpdated', 'IdentityStateChanged', 'IdentityDeleted']);
    expect(history.map((e) => e.actor)).toEqual([{ type: 'admin' }, { type: 'admin', id: 'ops@example.com' }, { type: 'admin' }, { type: 'admin' }]);
    expect([...history.map((e) => e.occurred_at)].sort()).toEqual(history.map((e) => e.occurred_at));
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/\$argon2|\$2[aby]\$|hashed_password/);
  });
});
