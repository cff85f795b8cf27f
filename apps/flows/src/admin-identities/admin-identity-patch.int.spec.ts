import { hash as bcrypt } from '@node-rs/bcrypt';
import { expectKratosShape, refused } from '@gatehouse/testing';
import { AdminClient, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

describe('PATCH /admin/identities/{id} with a JSON Patch (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const patch = (id: string, ops: unknown, contentType = 'application/json') => admin.call('PATCH', `/admin/identities/${id}`, ops, { 'content-type': contentType });

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('replaces the email (re-claimed: it logs in, the old one does not) and metadata, through @ory/client', async () => {
    const old = uniqueEmail('patch');
    const identity = await admin.createUser(old);
    const renamed = uniqueEmail('patched');
    const { data, status, headers } = await admin.sdk.patchIdentity({
      id: identity.id,
      jsonPatch: [
        { op: 'replace', path: '/traits/email', value: renamed },
        { op: 'add', path: '/metadata_public', value: { tier: 2 } },
      ],
    });
    expect(status).toBe(200);
    expectKratosShape('identity', data);
    expect(data).toMatchObject({ traits: { email: renamed }, metadata_public: { tier: 2 }, credentials: { password: { identifiers: [renamed.toLowerCase()] } } });
    expect(data.credentials?.password?.config).toBeUndefined();
    expect(headers['x-gatehouse-await']).toBe(`identity:${identity.id}@2`);
    expect((await admin.login(renamed)).status).toBe(200);
    expect((await admin.login(old)).status).toBe(400);
    const [updated] = await admin.events('sh.gatehouse.identity.updated.v1', (d) => d.identity_id === identity.id);
    expect(updated.changed).toEqual(['traits', 'metadata_public', 'verifiable_addresses', 'recovery_addresses', 'credentials.password']);
  });

  it('refuses denied paths with a 400 naming the path, and changes nothing', async () => {
    const identity = await admin.createUser(uniqueEmail('denied'));
    const denied: Array<[string, unknown]> = [
      ['/id', { op: 'replace', path: '/id', value: '00000000-0000-4000-8000-000000000000' }],
      ['/credentials', { op: 'remove', path: '/credentials' }],
      ['/credentials/oidc', { op: 'add', path: '/credentials/oidc', value: { type: 'oidc', identifiers: ['x:y'] } }],
      ['/credentials/oidc/identifiers/0', { op: 'add', path: '/credentials/oidc/identifiers/0', value: 'x:y' }],
      ['/credentials/saml', { op: 'add', path: '/credentials/saml', value: {} }],
      ['/state_changed_at', { op: 'replace', path: '/state_changed_at', value: '2020-01-01T00:00:00Z' }],
      ['/stateChangedAt', { op: 'add', path: '/stateChangedAt', value: '2020-01-01T00:00:00Z' }],
      ['/created_at', { op: 'replace', path: '/created_at', value: '2020-01-01T00:00:00Z' }],
      ['/ID', { op: 'replace', path: '/ID', value: 'x' }],
    ];
    for (const [path, op] of denied) {
      const res = await patch(identity.id, [{ op: 'replace', path: '/metadata_public', value: { ok: true } }, op]);
      expect([path, res.status]).toEqual([path, 400]);
      expectKratosShape('errorGeneric', res.body);
      expect([path, res.body.error.reason]).toEqual([path, `An error occured when applying the JSON patch: patch includes denied path: ${path}`]);
    }
    const sdk = await refused(admin.sdk.patchIdentity({ id: identity.id, jsonPatch: [{ op: 'replace', path: '/id', value: 'x' }] }));
    expect(sdk.status).toBe(400);
    expect((await admin.get(identity.id)).body).toEqual(identity);
  });

  it('a failing op (test, missing path, bad op) is a 400 "failed to apply JSON patch" that leaks nothing of the identity', async () => {
    const identity = await admin.createUser(uniqueEmail('failing'));
    const failing = [
      [{ op: 'test', path: '/traits/email', value: 'someone.else@example.com' }, { op: 'replace', path: '/metadata_public', value: 1 }],
      [{ op: 'replace', path: '/traits/nickname', value: 'x' }],
      [{ op: 'remove', path: '/metadata_admin/nothing' }],
      [{ op: 'explode', path: '/traits' }],
    ];
    for (const ops of failing) {
      const res = await patch(identity.id, ops);
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toMatch(/^An error occured when applying the JSON patch: /);
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|hashed_password/);
    }
    expect((await patch(identity.id, [{ op: 'test', path: '/traits/email', value: 'someone.else@example.com' }])).body.error.message).toMatch(/^failed to apply JSON patch: /);
    expect((await patch(identity.id, { op: 'replace' })).status).toBe(400);
    const traitsNotValid = await patch(identity.id, [{ op: 'replace', path: '/traits/email', value: 'not an email' }]);
    expect(traitsNotValid.status).toBe(400);
    const stateNotValid = await patch(identity.id, [{ op: 'replace', path: '/state', value: 'asleep' }]);
    expect(stateNotValid.body.error.reason).toBe("The supplied state ('asleep') was not valid. Valid states are ('active', 'inactive').");
    expect((await admin.get(identity.id)).body).toEqual(identity);
  });

  it('changes the state (IdentityStateChanged only), verifies an address, and sets an imported hash; RFC 6902 media type accepted', async () => {
    const email = uniqueEmail('state');
    const identity = await admin.createUser(email);
    const inactive = await patch(identity.id, [{ op: 'replace', path: '/state', value: 'inactive' }], 'application/json-patch+json');
    expect(inactive.status).toBe(200);
    expect(inactive.body.state).toBe('inactive');
    expect(inactive.body.state_changed_at).not.toBe(identity.state_changed_at);
    const types = await h.query<{ type: string }>('SELECT type FROM $schema.events WHERE stream_id = $1 ORDER BY version', [`identity:${identity.id}`]);
    expect(types.map((t) => t.type)).toEqual(['IdentityCreated', 'IdentityStateChanged']);

    const verified = await patch(identity.id, [
      { op: 'replace', path: '/verifiable_addresses/0/verified', value: true },
      { op: 'replace', path: '/verifiable_addresses/0/status', value: 'completed' },
      { op: 'replace', path: '/state', value: 'active' },
    ]);
    expect(verified.body.verifiable_addresses).toEqual([expect.objectContaining({ id: identity.verifiable_addresses[0].id, verified: true, status: 'completed', verified_at: expect.any(String) })]);

    const hashed = await bcrypt('a password set by patch', 4);
    const rehashed = await patch(identity.id, [{ op: 'replace', path: '/credentials/password/config/hashed_password', value: hashed }]);
    expect(rehashed.status).toBe(200);
    expect(rehashed.body.credentials.password.config).toBeUndefined();
    expect((await admin.login(email, 'a password set by patch')).status).toBe(200);
    const unknownHash = await patch(identity.id, [{ op: 'replace', path: '/credentials/password/config/hashed_password', value: 'plain' }]);
    expect(unknownHash.status).toBe(400);
    expect((await patch('0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41', [])).status).toBe(404);
  });
});
