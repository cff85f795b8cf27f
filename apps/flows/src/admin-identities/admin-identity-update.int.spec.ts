import { expectKratosShape } from '@gatehouse/testing';
import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const UNKNOWN = '0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41';

describe('PUT /admin/identities/{id} (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const put = (id: string, body: unknown, headers?: Record<string, string>) => admin.call('PUT', `/admin/identities/${id}`, body, headers);

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('changes traits: the new email is claimed and logs in, the old one is free (a registration takes it); IdentityUpdated names the fields', async () => {
    const old = uniqueEmail('old');
    const identity = await admin.createUser(old);
    const renamed = uniqueEmail('renamed');
    const res = await put(identity.id, { schema_id: 'default', state: 'active', traits: { email: renamed }, metadata_admin: { ticket: 42 } }, { 'x-gatehouse-actor': 'ops' });
    expect(res.status).toBe(200);
    expectKratosShape('identity', res.body);
    expect(res.body).toMatchObject({ traits: { email: renamed }, metadata_admin: { ticket: 42 }, credentials: { password: { identifiers: [renamed.toLowerCase()] } } });
    expect(res.body.verifiable_addresses.map((a: { value: string }) => a.value)).toEqual([renamed.toLowerCase()]);
    expect(res.body.created_at).toBe(identity.created_at);
    expect(res.headers.get('x-gatehouse-await')).toBe(`identity:${identity.id}@2`);
    expect((await admin.login(renamed)).status).toBe(200);
    expect((await admin.login(old)).status).toBe(400);
    expect((await h.register(old)).status).toBe(200);
    const [updated] = await admin.events('sh.gatehouse.identity.updated.v1', (d) => d.identity_id === identity.id);
    expect(updated).toMatchObject({ changed: ['traits', 'metadata_admin', 'verifiable_addresses', 'recovery_addresses', 'credentials.password'], actor: { type: 'admin', id: 'ops' } });

    const other = await admin.createUser(uniqueEmail('other'));
    const taken = await put(other.id, { schema_id: 'default', state: 'active', traits: { email: renamed } });
    expect(taken.status).toBe(409);
    expect((await admin.get(other.id)).body.traits).toEqual(other.traits);
  });

  it('deactivates: whoami of an existing session answers 401 at once, login is refused with 4010011; activating lets both work again', async () => {
    const email = uniqueEmail('state');
    const identity = await admin.createUser(email);
    const session = await admin.login(email);
    expect(await admin.whoami(session.body.session_token)).toBe(200);
    const res = await put(identity.id, { schema_id: 'default', state: 'inactive', traits: identity.traits });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('inactive');
    expect(Date.parse(res.body.state_changed_at)).toBeGreaterThan(Date.parse(identity.state_changed_at));
    expect(res.headers.get('x-gatehouse-await')).toBe(`identity:${identity.id}@2`);
    expect(await admin.whoami(session.body.session_token)).toBe(401);
    const refused = await admin.login(email);
    expect(refused.status).toBe(400);
    expect(refused.body.ui.messages.map((m: { id: number }) => m.id)).toEqual([4010011]);
    const [changed] = await admin.events('sh.gatehouse.identity.state_changed.v1', (d) => d.identity_id === identity.id);
    expect(changed).toEqual({ identity_id: identity.id, state: 'inactive', previous_state: 'active', actor: { type: 'admin' } });
    const stateOnly = await h.query<{ type: string }>('SELECT type FROM $schema.events WHERE stream_id = $1 ORDER BY version', [`identity:${identity.id}`]);
    expect(stateOnly.map((e) => e.type)).toEqual(['IdentityCreated', 'IdentityStateChanged']);

    expect((await put(identity.id, { schema_id: 'default', state: 'active', traits: identity.traits })).status).toBe(200);
    expect(await admin.whoami(session.body.session_token)).toBe(200);
    expect((await admin.login(email)).status).toBe(200);
  });

  it('an unchanged PUT answers 200 without an event or await header; a new password is a change of credentials.password', async () => {
    const email = uniqueEmail('same');
    const identity = await admin.createUser(email, { metadata_public: { a: 1, b: [1, 2] } });
    const same = await put(identity.id, { schema_id: 'default', state: 'active', traits: identity.traits, metadata_public: { b: [1, 2], a: 1 } });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(identity);
    expect(same.headers.get('x-gatehouse-await')).toBeNull();
    const password = await put(identity.id, { schema_id: 'default', state: 'active', traits: identity.traits, metadata_public: identity.metadata_public, credentials: { password: { config: { password: 'a brand new secret 99' } } } });
    expect(password.status).toBe(200);
    expect(password.headers.get('x-gatehouse-await')).toBe(`identity:${identity.id}@2`);
    expect((await admin.login(email, 'a brand new secret 99')).status).toBe(200);
    expect((await admin.login(email, PASSWORD)).status).toBe(400);
    const rows = (await h.events()).filter((e) => e.streamId === `identity:${identity.id}` && e.type === 'IdentityUpdated');
    expect(rows.map((r) => (r.data as { changed: string[] }).changed)).toEqual([['credentials.password']]);
  });

  it('refuses an unknown identity (404), bad traits (400) and a bad state (400) without recording anything', async () => {
    const missing = await put(UNKNOWN, { schema_id: 'default', state: 'active', traits: { email: uniqueEmail('x') } });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 404, message: 'Unable to locate the resource' } } });
    expect((await put('not-a-uuid', { schema_id: 'default', state: 'active', traits: {} })).status).toBe(404);
    const identity = await admin.createUser(uniqueEmail('bad'));
    expect((await put(identity.id, { schema_id: 'default', state: 'active', traits: { email: 42 } })).status).toBe(400);
    expect((await put(identity.id, { schema_id: 'default', state: 'gone', traits: identity.traits })).status).toBe(400);
    expect((await put(identity.id, { schema_id: 'nope', state: 'active', traits: identity.traits })).status).toBe(400);
    expect(await h.query('SELECT 1 FROM $schema.events WHERE stream_id = $1 AND version > 1', [`identity:${identity.id}`])).toEqual([]);
  });
});
