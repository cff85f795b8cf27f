import { hash as bcrypt } from '@node-rs/bcrypt';
import { expectKratosShape } from '@gatehouse/testing';
import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const patchId = (batch: number, i: number) => `${String(batch).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('PATCH /admin/identities: batch import (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  let hashed: string;
  const batch = (identities: unknown[], headers?: Record<string, string>) => admin.call('PATCH', '/admin/identities', { identities }, headers);
  const items = (n: number, tag: string, b: number) =>
    Array.from({ length: n }, (_, i) => ({
      patch_id: patchId(b, i),
      create: { schema_id: 'default', traits: { email: `${tag}.${i}@example.com` }, credentials: { password: { config: { hashed_password: hashed } } } } as Record<string, unknown>,
    }));

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
    hashed = await bcrypt(PASSWORD, 4);
  });
  afterAll(() => h.stop());

  it('records 1,000 items with a few invalid ones: per-item errors with their patch_id, the rest created, one IdentitiesImported', async () => {
    const tag = uniqueEmail('batch').split('@')[0]!;
    const taken = uniqueEmail('taken');
    expect((await h.register(taken)).status).toBe(200);
    const list = items(1000, tag, 1);
    const invalid: Record<number, unknown> = {
      3: { schema_id: 'default', traits: { email: 'not an email' } },
      10: { schema_id: 'default', traits: { email: taken } },
      20: { schema_id: 'default', traits: { email: `${tag}.19@example.com` } },
      30: { schema_id: 'default', traits: { email: `${tag}.30@example.com` }, credentials: { password: { config: { hashed_password: '$unknown$format' } } } },
      40: { schema_id: 'no-such-schema', traits: { email: `${tag}.40@example.com` } },
      50: null,
    };
    for (const [i, create] of Object.entries(invalid)) list[Number(i)]!.create = create as Record<string, unknown>;
    list[70]!.create = { schema_id: 'default', traits: { email: `${tag}.70@example.com` }, credentials: { password: { config: { password: 'a plaintext import 70' } } } };

    const res = await batch(list, { 'x-gatehouse-actor': 'migration' });
    expect(res.status).toBe(200);
    expectKratosShape('batchPatchIdentitiesResponse', res.body);
    const results: any[] = res.body.identities;
    expect(results.map((r) => r.patch_id)).toEqual(list.map((i) => i.patch_id));
    expect(results.flatMap((r, i) => (r.action === 'error' ? [i] : []))).toEqual([3, 10, 20, 30, 40, 50]);
    expect(results.filter((r) => r.action === 'error').map((r) => r.error.code)).toEqual([400, 409, 409, 400, 400, 400]);
    expect(results[30].error.reason).toContain('The imported password does not match any known hash format.');
    const created = results.filter((r) => r.action === 'create').map((r) => r.identity as string);
    expect(created).toHaveLength(994);
    const summary = (await h.query<{ subject: string }>("SELECT subject FROM $schema.events WHERE type = 'IdentitiesImported' AND data->'identity_ids' ? $1", [created[0]]))[0]!;
    expect(res.headers.get('x-gatehouse-await')).toBe(`import:${summary.subject}#994`);

    const [imported] = await admin.events('sh.gatehouse.identities.imported.v1', (d) => d.import_id === summary.subject);
    expect(imported).toMatchObject({ failed: 6, actor: { type: 'admin', id: 'migration' } });
    expect([...imported.identity_ids].sort()).toEqual([...created].sort());
    const identityCreated = await admin.events('sh.gatehouse.identity.created.v1', (d) => d.import_id === summary.subject, 994, 60_000);
    expect(identityCreated).toHaveLength(994);
    expect(new Set(identityCreated.map((d) => d.identity_id))).toEqual(new Set(created));

    expect((await admin.get(results[500].identity)).body.traits).toEqual({ email: `${tag}.500@example.com` });
    expect((await admin.login(`${tag}.500@example.com`)).status).toBe(200);
    expect((await admin.login(`${tag}.70@example.com`, 'a plaintext import 70')).status).toBe(200);
    expect((await admin.login(`${tag}.19@example.com`)).status).toBe(200);
    expect((await admin.login(`${tag}.20@example.com`)).status).toBe(400);
  }, 120_000);

  it('answers the error status when nothing was created, and refuses malformed or oversized batches with a 400', async () => {
    const taken = uniqueEmail('all-taken');
    await admin.createUser(taken);
    const none = await batch([{ create: { schema_id: 'default', traits: { email: taken } } }, { create: { schema_id: 'default', traits: { email: taken.toUpperCase() } } }]);
    expect(none.status).toBe(409);
    expectKratosShape('errorGeneric', none.body);
    expect(none.headers.get('x-gatehouse-await')).toBeNull();
    const invalidOnly = await admin.sdk.batchPatchIdentities({ patchIdentitiesBody: { identities: [{ create: { schema_id: 'default', traits: { email: 'nope' } } }] } }).catch((e) => e.response);
    expect(invalidOnly.status).toBe(400);
    const tag = uniqueEmail('big').split('@')[0]!;
    expect((await batch(items(1001, tag, 2))).status).toBe(400);
    expect((await batch([])).status).toBe(400);
    expect((await batch([{ patch_id: 'not-a-uuid', create: { schema_id: 'default', traits: { email: uniqueEmail('p') } } }])).status).toBe(400);
    expect((await admin.call('PATCH', '/admin/identities', { identities: [], extra: 1 })).status).toBe(400);
    expect(await h.query('SELECT 1 FROM $schema.unique_claims WHERE value LIKE $1', [`${tag}%`])).toEqual([]);
  });
});
