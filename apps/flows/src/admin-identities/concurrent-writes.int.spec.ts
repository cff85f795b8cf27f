import { expectKratosShape } from '@gatehouse/testing';
import { AdminClient, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Writers of one identity at the same moment (issue: an admin patch and a recovery request answered 500 with
 * "ConcurrencyError: expected version 1, found 2"). The loser runs again on fresh state or answers Kratos's 409. */
describe('concurrent writes to one identity (real Postgres)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  async function selfService(kind: 'recovery' | 'verification', email: string): Promise<{ status: number; body: any; flowId: string }> {
    const flow = (await (await fetch(`${h.url}/self-service/${kind}/api`)).json()) as { id: string };
    const res = await fetch(`${h.url}/self-service/${kind}?flow=${flow.id}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'code', email }) });
    return { status: res.status, body: await res.json(), flowId: flow.id };
  }

  it('20 concurrent patch/recovery pairs and 10 verification requests: no 500, every acknowledged change applied', async () => {
    const email = uniqueEmail('race');
    const identity = await admin.createUser(email, { metadata_public: {} });
    const patches = Array.from({ length: 20 }, (_, i) => admin.call('PATCH', `/admin/identities/${identity.id}`, [{ op: 'add', path: `/metadata_public/k${i}`, value: i }]));
    const recoveries = Array.from({ length: 20 }, () => selfService('recovery', email));
    const verifications = Array.from({ length: 10 }, () => selfService('verification', email));
    const [patched, recovered, verified] = await Promise.all([Promise.all(patches), Promise.all(recoveries), Promise.all(verifications)]);

    const statuses = [...patched, ...recovered, ...verified].map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    for (const conflict of [...patched, ...recovered, ...verified].filter((r) => r.status === 409)) {
      expectKratosShape('errorGeneric', conflict.body);
      expect(conflict.body.error).toMatchObject({ code: 409, status: 'Conflict' });
    }

    // every patch that answered 200 is in the identity: none overwrote another
    const applied = patched.flatMap((r, i) => (r.status === 200 ? [i] : []));
    const after = (await admin.get(identity.id)).body;
    for (const i of applied) expect([i, after.metadata_public[`k${i}`]]).toEqual([i, i]);
    expect(Object.keys(after.metadata_public).length).toBe(applied.length);

    // every recovery or verification that answered 200 recorded its request on the identity's stream, once
    const stream = (await h.events()).filter((e) => e.streamId === `identity:${identity.id}`).map((e) => ({ type: e.type, flow_id: ((e.data as any).flow_id as string | undefined) ?? null }));
    const requested = (type: string) => stream.filter((e) => e.type === type).map((e) => e.flow_id);
    expect(requested('RecoveryRequested').sort()).toEqual(recovered.filter((r) => r.status === 200).map((r) => r.flowId).sort());
    expect(requested('VerificationRequested').sort()).toEqual(verified.filter((r) => r.status === 200).map((r) => r.flowId).sort());
    expect(stream.filter((e) => e.type === 'IdentityUpdated')).toHaveLength(applied.length);
    // writers of one identity take turns (the stream's lock): a 409 is the rare exception, not the rule
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(45);
  });

  it('a login that rehashes an old hash never undoes a password set at the same moment', async () => {
    const email = uniqueEmail('rehash');
    // a cheap bcrypt hash the configured argon2id hasher wants to replace at the next login
    const { hash } = await import('@node-rs/bcrypt');
    const identity = await admin.createUser(email, { credentials: { password: { config: { hashed_password: await hash('correct horse battery staple 42', 4) } } } });
    const NEW = 'a brand new and long passphrase 7';
    const [login, put] = await Promise.all([
      admin.login(email),
      admin.call('PATCH', `/admin/identities/${identity.id}`, [{ op: 'add', path: '/credentials/password/config/password', value: NEW }]),
    ]);
    expect([login.status, put.status]).toEqual([200, 200]);
    expect((await admin.login(email, NEW)).status).toBe(200);
  });
});
