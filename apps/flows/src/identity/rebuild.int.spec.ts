import { hash as bcrypt } from '@node-rs/bcrypt';
import { openCode } from '@gatehouse/contracts';
import { TEST_SECRETS } from '@gatehouse/testing';
import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';
import { rebuildWriteSide } from '../rebuild';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const TABLES = {
  identities: 'SELECT * FROM $schema.identities ORDER BY id',
  identity_credentials: 'SELECT * FROM $schema.identity_credentials ORDER BY identity_id, type',
  sessions: 'SELECT * FROM $schema.sessions ORDER BY id',
};

/** The write side's tables are inline projections: dropped and folded again from the event store, they equal the
 * live ones, table for table, on a store with every event type flows records, deletes and shredded identities
 * included; logins, sessions and admin reads then work as before. */
describe('npm run rebuild, write side: rebuilt = live (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const snapshot = async () => Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([t, sql]) => [t, await h.query(sql)] as const)));
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('folds every identity and session stream into the same rows, and the suite works on them', async () => {
    // registration (IdentityRegistered, SessionIssued registration, VerificationRequested by the hook)
    const email = uniqueEmail('rebuild');
    const registered = await h.register(email, PASSWORD);
    expect(registered.status).toBe(200);
    const owner = { id: registered.body.identity.id as string, token: registered.body.session_token as string };
    // verification by code (VerificationRequested, AddressVerified)
    const vflow = (await (await fetch(`${h.url}/self-service/verification/api`)).json()) as any;
    expect(vflow).toMatchObject({ id: expect.any(String), type: 'api' });
    expect((await post(`/self-service/verification?flow=${vflow.id}`, { method: 'code', email })).status).toBe(200);
    const [requested] = await admin.events('sh.gatehouse.verification.requested.v1', (d) => d.flow_id === vflow.id);
    expect((await post(`/self-service/verification?flow=${vflow.id}`, { method: 'code', code: openCode(requested.sealed_code, TEST_SECRETS.cipher) })).body.state).toBe('passed_challenge');
    // login, refresh login, logout-by-owner revocation (LoginSucceeded, LoginFailed, SessionIssued login/refresh, SessionRevoked)
    const second = await admin.login(email);
    expect(second.status).toBe(200);
    expect((await admin.login(email, 'not the password at all')).status).toBe(400);
    const refresh = (await (await fetch(`${h.url}/self-service/login/api?refresh=true`, { headers: { 'x-session-token': second.body.session_token } })).json()) as any;
    expect((await post(`/self-service/login?flow=${refresh.id}`, { method: 'password', identifier: email, password: PASSWORD }, { 'x-session-token': second.body.session_token })).status).toBe(200);
    const third = await admin.login(email);
    expect((await admin.call('DELETE', `/admin/sessions/${third.body.session.id}`)).status).toBe(204);
    expect((await admin.call('PATCH', `/admin/sessions/${second.body.session.id}/extend`)).status).toBeLessThan(300);
    // settings: a new password (PasswordChanged)
    const sflow = (await (await fetch(`${h.url}/self-service/settings/api`, { headers: { 'x-session-token': owner.token } })).json()) as any;
    expect((await post(`/self-service/settings?flow=${sflow.id}`, { method: 'password', password: 'a rebuilt and brand new secret 7' }, { 'x-session-token': owner.token })).status).toBe(200);
    // admin: create with an imported bcrypt hash, log in (PasswordHashUpgraded), update, deactivate, remove oidc, delete
    const legacy = uniqueEmail('legacy');
    const subject = `gh-${Date.now()}`;
    const created = await admin.create({
      schema_id: 'default',
      traits: { email: legacy },
      credentials: { password: { config: { hashed_password: await bcrypt(PASSWORD, 4) } }, oidc: { config: { providers: [{ provider: 'github', subject }, { provider: 'gitlab', subject }] } } },
    });
    expect(created.status).toBe(201);
    expect((await admin.login(legacy)).status).toBe(200);
    expect((await admin.call('PATCH', `/admin/identities/${created.body.id}`, [{ op: 'replace', path: '/metadata_public', value: { plan: 'pro' } }])).status).toBe(200);
    expect((await admin.call('DELETE', `/admin/identities/${created.body.id}/credentials/oidc?identifier=github:${subject}`)).status).toBe(204);
    const inactive = await admin.createUser(uniqueEmail('inactive'));
    expect((await admin.call('PATCH', `/admin/identities/${inactive.id}`, [{ op: 'replace', path: '/state', value: 'inactive' }])).status).toBe(200);
    const doomed = await admin.createUser(uniqueEmail('doomed'));
    expect((await admin.login(doomed.traits.email)).status).toBe(200);
    expect((await admin.call('DELETE', `/admin/identities/${doomed.id}`)).status).toBe(204);
    // an import batch (IdentitiesImported, IdentityCreated with import_id)
    const batch = await admin.call('PATCH', '/admin/identities', { identities: [1, 2, 3].map((i) => ({ create: { schema_id: 'default', traits: { email: uniqueEmail(`import${i}`) } } })) });
    expect(batch.status).toBe(200);

    // a second factor (imported TOTP): the identity's available_aal is aal2, live and rebuilt
    const mfa = await admin.create({
      schema_id: 'default',
      traits: { email: uniqueEmail('mfa') },
      credentials: { password: { config: { password: PASSWORD } }, totp: { config: { totp_url: 'otpauth://totp/Gatehouse:mfa?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse' } } },
    });
    expect(mfa.status).toBe(201);

    const types = new Set((await h.events()).map((e) => e.type));
    for (const type of ['IdentityRegistered', 'VerificationRequested', 'AddressVerified', 'SessionIssued', 'SessionRevoked', 'LoginSucceeded', 'LoginFailed', 'PasswordChanged', 'IdentityCreated', 'IdentityUpdated', 'IdentityStateChanged', 'CredentialsRemoved', 'PasswordHashUpgraded', 'IdentityDeleted', 'IdentitiesImported']) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }

    const live = await snapshot();
    const progress: string[] = [];
    const counts = await rebuildWriteSide(h.config, (what) => progress.push(what));
    const rebuilt = await snapshot();
    for (const table of Object.keys(TABLES)) expect([table, rebuilt[table]]).toEqual([table, live[table]]);
    expect(counts).toMatchObject({ identities: live.identities.length, credentials: live.identity_credentials.length, sessions: live.sessions.length });
    expect(progress).toEqual(expect.arrayContaining(['identity', 'session']));
    expect(live.identities.map((r: any) => r.id)).not.toContain(doomed.id);
    expect(live.identities.filter((r: any) => r.available_aal === 'aal2').map((r: any) => r.id)).toEqual([mfa.body.id]);

    // after the rebuild: whoami, logins with the changed and the upgraded password, admin reads, revoked stays revoked
    expect(await admin.whoami(second.body.session_token)).toBe(200);
    expect(await admin.whoami(third.body.session_token)).toBe(401);
    expect((await admin.login(email, 'a rebuilt and brand new secret 7')).status).toBe(200);
    expect((await admin.login(email, PASSWORD)).status).toBe(400);
    expect((await admin.login(legacy)).status).toBe(200);
    expect((await admin.login(inactive.traits.email)).status).toBe(400);
    expect((await admin.get(created.body.id)).body).toMatchObject({ metadata_public: { plan: 'pro' } });
    const verified = await fetch(`${h.url}/sessions/whoami`, { headers: { 'x-session-token': second.body.session_token } }).then((r) => r.json() as Promise<any>);
    expect(verified.identity.verifiable_addresses[0]).toMatchObject({ value: email, verified: true, status: 'completed' });
  });
});
