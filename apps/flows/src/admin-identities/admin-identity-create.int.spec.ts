import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { hash as bcrypt } from '@node-rs/bcrypt';
import { expectKratosShape } from '@gatehouse/testing';
import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

/** Hashes of PASSWORD in three of the formats Kratos imports (reference §7.2). */
function importedHashes(): Array<{ format: string; hash: Promise<string> | string }> {
  const salt = randomBytes(16);
  const raw64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return [
    { format: 'bcrypt', hash: bcrypt(PASSWORD, 4) },
    { format: 'pbkdf2-sha256', hash: `$pbkdf2-sha256$i=1000,l=32$${raw64(salt)}$${raw64(pbkdf2Sync(PASSWORD, salt, 1000, 32, 'sha256'))}` },
    { format: 'ssha256', hash: `{SSHA256}${Buffer.concat([createHash('sha256').update(Buffer.concat([Buffer.from(PASSWORD), salt])).digest(), salt]).toString('base64')}` },
  ];
}

describe('POST /admin/identities (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('creates an identity: 201, Kratos admin JSON, the await header, IdentityCreated on Kafka with the actor', async () => {
    const email = uniqueEmail('Create');
    const res = await admin.create(
      { schema_id: 'default', traits: { email, name: { first: 'Ada' } }, metadata_public: { plan: 'pro' }, metadata_admin: { note: 'vip' }, external_id: `ext-${email}` },
      { 'x-gatehouse-actor': '  ops@example.com  ' },
    );
    expect(res.status).toBe(201);
    expectKratosShape('identity', res.body);
    const lower = email.toLowerCase();
    expect(res.body).toMatchObject({
      schema_id: 'default',
      state: 'active',
      traits: { email, name: { first: 'Ada' } },
      metadata_public: { plan: 'pro' },
      metadata_admin: { note: 'vip' },
      external_id: `ext-${email}`,
      organization_id: null,
      verifiable_addresses: [{ value: lower, via: 'email', verified: false, status: 'pending' }],
      recovery_addresses: [{ value: lower, via: 'email' }],
      credentials: { password: { type: 'password', identifiers: [lower], version: 0 } },
    });
    expect(res.body.credentials.password.config).toBeUndefined();
    expect(res.headers.get('x-gatehouse-await')).toBe(`identity:${res.body.id}@1`);
    const [created] = await admin.events('sh.gatehouse.identity.created.v1', (d) => d.identity_id === res.body.id);
    expect(created).toMatchObject({ actor: { type: 'admin', id: 'ops@example.com' }, external_id: `ext-${email}`, credentials: { password: { identifiers: [lower], version: 0 } } });
    expect(JSON.stringify(created)).not.toMatch(/hashed_password|\$argon2/);
    expect((await admin.get(res.body.id)).body).toEqual(res.body);
    const bareEmail = uniqueEmail('bare');
    const bare = await admin.create({ schema_id: 'default', traits: { email: bareEmail } });
    expect(bare.body.external_id).toBeUndefined();
    expect(bare.body.metadata_admin).toBeNull();
    expect(bare.body.credentials).toEqual({ password: expect.objectContaining({ identifiers: [bareEmail.toLowerCase()] }) });
    const noPassword = await admin.login(bareEmail, 'any password at all 1');
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.ui.messages.map((m: { id: number }) => m.id)).toEqual([4000006]);
  });

  it('refuses a taken identifier with 409, both ways with self-service registration, and a taken external_id', async () => {
    const email = uniqueEmail('dup');
    await admin.createUser(email);
    const again = await admin.create({ schema_id: 'default', traits: { email: email.toUpperCase() } });
    expect(again.status).toBe(409);
    expectKratosShape('errorGeneric', again.body);
    expect(again.body.error).toEqual({
      code: 409,
      status: 'Conflict',
      reason: 'This identity conflicts with another identity that already exists.',
      message: 'The resource could not be created due to a conflict',
    });
    expect((await h.register(email)).body.ui.messages.map((m: { id: number }) => m.id)).toEqual([4000007]);

    const registered = uniqueEmail('selfservice');
    expect((await h.register(registered)).status).toBe(200);
    expect((await admin.create({ schema_id: 'default', traits: { email: registered } })).status).toBe(409);

    const external = `ext-${Date.now()}`;
    expect((await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('e1') }, external_id: external })).status).toBe(201);
    const taken = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('e2') }, external_id: external });
    expect(taken.status).toBe(409);
  });

  it('validates against the identity schema: 400 with the instance and schema location; unknown schema or field 400', async () => {
    const bad = await admin.create({ schema_id: 'default', traits: { email: 'not an email' } });
    expect(bad.status).toBe(400);
    expectKratosShape('errorGeneric', bad.body);
    expect(bad.body.error.reason).toContain('I[#/traits/email] S[#/properties/traits/properties/email/format]');
    const missing = await admin.create({ schema_id: 'default', traits: {} });
    expect(missing.status).toBe(400);
    const unknownSchema = await admin.create({ schema_id: 'no-such-schema', traits: { email: uniqueEmail('x') } });
    expect(unknownSchema.status).toBe(400);
    expect(unknownSchema.body.error.reason).toContain('no-such-schema');
    const unknownField = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('x') }, schema_url: 'x' });
    expect(unknownField).toMatchObject({ status: 400, body: { error: { message: 'json: unknown field "schema_url"' } } });
    const totp = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('x') }, credentials: { totp: { config: { totp_url: 'otpauth://x' } } } });
    expect(totp.status).toBe(400);
    const state = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('x') }, state: 'sleeping' });
    expect(state.status).toBe(400);
    expect((await h.events()).filter((e) => e.type === 'IdentityCreated' && (e.data as any).state === 'sleeping')).toEqual([]);
  });

  it('imports hashed passwords: each logs in with the original password and its hash is upgraded to argon2id', async () => {
    for (const { format, hash } of importedHashes()) {
      const email = uniqueEmail(`hash.${format}`);
      const hashed = await hash;
      const created = await admin.create({ schema_id: 'default', traits: { email }, credentials: { password: { config: { hashed_password: hashed } } } });
      expect([format, created.status]).toEqual([format, 201]);
      const before = await admin.get(created.body.id, '?include_credential=password');
      expect([format, before.body.credentials.password.config]).toEqual([format, { hashed_password: hashed }]);
      expect([format, (await admin.login(email, 'wrong password 123')).status]).toEqual([format, 400]);
      const login = await admin.login(email);
      expect([format, login.status, login.body.session?.identity?.id]).toEqual([format, 200, created.body.id]);
      const after = await admin.get(created.body.id, '?include_credential=password');
      expect([format, after.body.credentials.password.config.hashed_password.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')]).toEqual([format, true]);
      expect([format, (await admin.login(email)).status]).toEqual([format, 200]);
    }
    const unknown = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('hash.unknown') }, credentials: { password: { config: { hashed_password: '$unknown$format' } } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.reason).toContain('The imported password does not match any known hash format.');
  });

  it('hashes a plaintext password with the configured hasher without the password policy', async () => {
    const email = uniqueEmail('plain');
    const created = await admin.create({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password: 'short' } } } });
    expect(created.status).toBe(201);
    const stored = (await admin.get(created.body.id, '?include_credential=password')).body.credentials.password.config.hashed_password;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await admin.login(email, 'short')).status).toBe(200);
  });

  it('imports OIDC providers and verified addresses; include_credential shows configs; unknown include_credential is a 400', async () => {
    const email = uniqueEmail('oidc');
    const subject = `sub-${Date.now()}`;
    const res = await admin.sdk.createIdentity({
      createIdentityBody: {
        schema_id: 'default',
        state: 'inactive',
        traits: { email },
        verifiable_addresses: [{ value: email.toUpperCase(), via: 'email', verified: true, status: 'completed' }],
        credentials: { oidc: { config: { providers: [{ provider: 'github', subject }] } } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.data.state).toBe('inactive');
    expect(res.data.verifiable_addresses).toEqual([expect.objectContaining({ value: email.toLowerCase(), verified: true, status: 'completed', verified_at: expect.any(String) })]);
    expect(res.data.credentials?.oidc).toMatchObject({ type: 'oidc', identifiers: [`github:${subject}`] });
    const full = await admin.get(res.data.id, '?include_credential=oidc&include_credential=password');
    expectKratosShape('identity', full.body);
    expect(full.body.credentials.oidc.config).toEqual({ providers: [{ provider: 'github', subject }] });
    expect(full.body.credentials.password.config).toEqual({});
    expect((await admin.get(res.data.id, '?include_credential=nope')).status).toBe(400);
    expect((await admin.get('0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41')).status).toBe(404);
    const sameSubject = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('oidc2') }, credentials: { oidc: { config: { providers: [{ provider: 'github', subject }] } } } });
    expect(sameSubject.status).toBe(409);
  });
});
