import { hash } from '@node-rs/bcrypt';
import { Configuration, FrontendApi, IdentityApi } from '@ory/client';
import { Suite, expectKratosShape, hashVectors, refused } from '@gatehouse/testing';

const PASSWORD = 'imported passphrase 5b1e';

/** Migrating users in: PATCH /admin/identities with hashed passwords, through the gateway, with @ory/client. */
describe('batch import end to end', () => {
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

  const login = (identifier: string, password: string) =>
    ory.createNativeLoginFlow().then(({ data: flow }) => ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password } }));

  it('imports one identity per hash format; each logs in with its original password and its hash is upgraded', async () => {
    const vectors = await hashVectors(PASSWORD);
    const slug = (format: string) => format.replace(/[^a-z0-9]+/g, '-');
    const { data } = await admin.batchPatchIdentities({
      patchIdentitiesBody: {
        identities: vectors.map((v, i) => ({
          patch_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          create: { schema_id: 'default', traits: { email: email(`hash.${slug(v.format)}`) }, credentials: { password: { config: { hashed_password: v.hashedPassword } } } },
        })),
      },
    });
    expectKratosShape('batchPatchIdentitiesResponse', data);
    expect(data.identities?.map((r) => r.action)).toEqual(vectors.map(() => 'create'));

    for (const [i, v] of vectors.entries()) {
      const identityId = data.identities![i].identity!;
      const before = (await admin.getIdentity({ id: identityId, includeCredential: ['password'] })).data.credentials?.password?.config as { hashed_password: string };
      expect([v.format, before.hashed_password]).toEqual([v.format, v.hashedPassword]);
      const { data: session } = await login(email(`hash.${slug(v.format)}`), v.password);
      expect([v.format, session.session.identity?.id]).toEqual([v.format, identityId]);
      const after = (await admin.getIdentity({ id: identityId, includeCredential: ['password'] })).data.credentials?.password?.config as { hashed_password: string };
      expect([v.format, after.hashed_password.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')]).toEqual([v.format, true]);
    }
  }, 120_000);

  it('imports verified addresses, metadata and state', async () => {
    const { data } = await admin.batchPatchIdentities({
      patchIdentitiesBody: {
        identities: [
          {
            create: {
              schema_id: 'default',
              state: 'inactive',
              traits: { email: email('verified') },
              metadata_public: { source: 'legacy' },
              metadata_admin: { legacy_id: 7 },
              verifiable_addresses: [{ value: email('verified'), via: 'email', verified: true, status: 'completed' }],
            },
          },
        ],
      },
    });
    const { data: got } = await admin.getIdentity({ id: data.identities![0].identity! });
    expect(got).toMatchObject({ state: 'inactive', metadata_public: { source: 'legacy' }, metadata_admin: { legacy_id: 7 } });
    expect(got.verifiable_addresses).toEqual([expect.objectContaining({ value: email('verified'), verified: true, status: 'completed' })]);
  });

  it('records a batch of 1,000 with a few invalid items: per-item errors with their patch_id, the rest created', async () => {
    const taken = email('batch.taken');
    await admin.createIdentity({ createIdentityBody: { schema_id: 'default', traits: { email: taken } } });
    const patchId = (i: number) => `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const hashed = await hash(PASSWORD, 4);
    const items = Array.from({ length: 1000 }, (_, i) => ({
      patch_id: patchId(i),
      create: { schema_id: 'default', traits: { email: email(`batch.${i}`) }, credentials: { password: { config: { hashed_password: hashed } } } },
    }));
    const invalid: Record<number, unknown> = {
      3: { schema_id: 'default', traits: { email: 'not an email' } },
      10: { schema_id: 'default', traits: { email: taken } },
      20: { schema_id: 'default', traits: { email: email('batch.19') } }, // the same identifier as item 19
      30: { schema_id: 'default', traits: { email: email('batch.30') }, credentials: { password: { config: { hashed_password: '$unknown$format' } } } },
      40: { schema_id: 'no-such-schema', traits: { email: email('batch.40') } },
    };
    for (const [i, create] of Object.entries(invalid)) items[Number(i)].create = create as (typeof items)[number]['create'];

    const { status, data } = await admin.batchPatchIdentities({ patchIdentitiesBody: { identities: items } });
    expect(status).toBe(200);
    const results = data.identities ?? [];
    expect(results).toHaveLength(1000);
    expect(results.map((r) => r.patch_id)).toEqual(items.map((i) => i.patch_id));
    const errors = results.flatMap((r, i) => (r.action === 'error' ? [i] : []));
    expect(errors).toEqual([3, 10, 20, 30, 40]);
    expect((results[10].error as { code?: number } | undefined)?.code).toBe(409);
    const created = results.filter((r) => r.action === 'create').map((r) => r.identity!);
    expect(created).toHaveLength(995);

    const { data: one } = await admin.getIdentity({ id: created[500] });
    expect(one.traits).toEqual({ email: email('batch.505') });
    // Kratos takes up to 500 ids in one query (a 23 KiB URL)
    const { data: page } = await admin.listIdentities({ ids: created.slice(0, 500) });
    expect(page).toHaveLength(500);

    const tooMany = await refused(admin.batchPatchIdentities({ patchIdentitiesBody: { identities: [...items, ...items.slice(0, 1)] } }));
    expect(tooMany.status).toBe(400);
  }, 120_000);
});
