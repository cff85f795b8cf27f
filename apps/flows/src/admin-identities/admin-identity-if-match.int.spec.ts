import { expectKratosShape } from '@gatehouse/testing';
import { AdminClient, Answer, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const UNKNOWN = '0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Beyond Kratos: the admin GET answers the identity's stream version as a strong ETag, and PUT, PATCH and DELETE
 * honour If-Match (412, nothing changed, when it names another version). Served by flows here, as the gateway
 * sends it a GET with include_credential (apps/identity answers the other GETs, with the same ETag). */
describe('ETag and If-Match on /admin/identities/{id} (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const patch = (id: string, ops: unknown, ifMatch?: string) => admin.call('PATCH', `/admin/identities/${id}`, ops, ifMatch === undefined ? {} : { 'if-match': ifMatch });
  const put = (id: string, body: unknown, ifMatch?: string) => admin.call('PUT', `/admin/identities/${id}`, body, ifMatch === undefined ? {} : { 'if-match': ifMatch });
  const setPlan = (plan: string) => [{ op: 'add', path: '/metadata_public', value: { plan } }];
  const eventsOf = async (id: string) => (await h.query<{ type: string }>('SELECT type FROM $schema.events WHERE stream_id = $1 ORDER BY version', [`identity:${id}`])).map((e) => e.type);
  const expect412 = (res: Answer) => {
    expect(res.status).toBe(412);
    expectKratosShape('errorGeneric', res.body);
    expect(res.body.error).toMatchObject({ code: 412, status: 'Precondition Failed', message: expect.any(String), reason: expect.any(String) });
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('x-gatehouse-await')).toBeNull();
  };

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('GET (and the create) answer the stream version as a strong ETag, also with include_credential and through @ory/client', async () => {
    const created = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('etag') } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;
    expect((await admin.get(id)).headers.get('etag')).toBe('"1"');
    expect((await admin.get(id, '?include_credential=password')).headers.get('etag')).toBe('"1"');
    const { headers } = await admin.sdk.getIdentity({ id });
    expect(headers.etag).toBe('"1"');
    expect((await admin.get(UNKNOWN)).headers.get('etag')).toBeNull();
  });

  it('PATCH with the current ETag answers 200 and the new one; a stale ETag answers 412 and appends nothing', async () => {
    const identity = await admin.createUser(uniqueEmail('patch-if-match'));
    const ok = await patch(identity.id, setPlan('pro'), '"1"');
    expect(ok.status).toBe(200);
    expect(ok.body.metadata_public).toEqual({ plan: 'pro' });
    expect(ok.headers.get('etag')).toBe('"2"');
    expect((await admin.get(identity.id)).headers.get('etag')).toBe('"2"');

    const before = (await admin.get(identity.id)).body;
    const stale = await patch(identity.id, setPlan('stale'), '"1"');
    expect412(stale);
    expect(stale.body.error.reason).toContain('"2"');
    for (const condition of ['W/"2"', '"3", "7"', '2', 'not an etag']) expect412(await patch(identity.id, setPlan(condition), condition));
    expect((await admin.get(identity.id)).body).toEqual(before);
    expect(await eventsOf(identity.id)).toEqual(['IdentityCreated', 'IdentityUpdated']);

    // any listed tag may match; `*` and no If-Match are unconditional, as before
    expect((await patch(identity.id, setPlan('listed'), '"1", "2"')).headers.get('etag')).toBe('"3"');
    expect((await patch(identity.id, setPlan('star'), '*')).headers.get('etag')).toBe('"4"');
    const plain = await patch(identity.id, setPlan('plain'));
    expect([plain.status, plain.headers.get('etag')]).toEqual([200, '"5"']);
    // a patch that changes nothing appends nothing and keeps the version
    expect((await patch(identity.id, setPlan('plain'), '"5"')).headers.get('etag')).toBe('"5"');
    expect(await eventsOf(identity.id)).toHaveLength(5);
  });

  it('every event on the stream moves the ETag, a self-service one too (a recovery request)', async () => {
    const email = uniqueEmail('moved');
    const identity = await admin.createUser(email);
    const flow = (await (await fetch(`${h.url}/self-service/recovery/api`)).json()) as { id: string };
    const recovery = await fetch(`${h.url}/self-service/recovery?flow=${flow.id}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'code', email }) });
    expect(recovery.status).toBe(200);
    expect(await eventsOf(identity.id)).toEqual(['IdentityCreated', 'RecoveryRequested']);
    expect((await admin.get(identity.id)).headers.get('etag')).toBe('"2"');
    expect412(await patch(identity.id, setPlan('late'), '"1"'));
    expect((await patch(identity.id, setPlan('fresh'), '"2"')).status).toBe(200);
  });

  it('two concurrent PATCHes with the same If-Match: exactly one 200 and one 412, and the winner is what GET shows', async () => {
    const identity = await admin.createUser(uniqueEmail('race-patch'), { metadata_public: {} });
    let etag = '"1"';
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(['a', 'b'].map((who) => patch(identity.id, setPlan(`${who}${round}`), etag)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
      const winner = answers.find((a) => a.status === 200)!;
      expect412(answers.find((a) => a.status === 412)!);
      const read = await admin.get(identity.id);
      expect(read.body.metadata_public).toEqual(winner.body.metadata_public);
      expect(read.headers.get('etag')).toBe(winner.headers.get('etag'));
      etag = read.headers.get('etag')!;
    }
    expect(etag).toBe('"6"');
    expect((await eventsOf(identity.id)).filter((t) => t === 'IdentityUpdated')).toHaveLength(5);
  });

  it('PUT: the current ETag wins once, a stale one is 412 with nothing changed, and of two concurrent PUTs one wins', async () => {
    const identity = await admin.createUser(uniqueEmail('put-if-match'));
    const body = (plan: string) => ({ schema_id: 'default', state: 'active', traits: identity.traits, metadata_admin: { plan } });
    const ok = await put(identity.id, body('first'), '"1"');
    expect([ok.status, ok.headers.get('etag')]).toEqual([200, '"2"']);
    expect412(await put(identity.id, body('stale'), '"1"'));
    expect((await admin.get(identity.id)).body.metadata_admin).toEqual({ plan: 'first' });
    expect(await eventsOf(identity.id)).toEqual(['IdentityCreated', 'IdentityUpdated']);

    const answers = await Promise.all(['a', 'b'].map((who) => put(identity.id, body(who), '"2"')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.headers.get('etag')).toBe('"3"');
    const read = await admin.get(identity.id);
    expect(read.body.metadata_admin).toEqual(winner.body.metadata_admin);
    expect(read.headers.get('etag')).toBe('"3"');
    expect((await put(identity.id, body('star'), '*')).status).toBe(200);
  });

  it('DELETE honours If-Match; an unknown identity or an invalid body stays a 404 or 400, whatever If-Match says', async () => {
    const identity = await admin.createUser(uniqueEmail('delete-if-match'));
    expect412(await admin.call('DELETE', `/admin/identities/${identity.id}`, undefined, { 'if-match': '"7"' }));
    expect((await admin.get(identity.id)).status).toBe(200);
    expect((await put(identity.id, { schema_id: 'default', traits: { email: 'not an email' } }, '"7"')).status).toBe(400);
    expect((await admin.call('DELETE', `/admin/identities/${identity.id}`, undefined, { 'if-match': '"1"' })).status).toBe(204);
    expect((await admin.get(identity.id)).status).toBe(404);
    expect((await patch(UNKNOWN, setPlan('x'), '"1"')).status).toBe(404);
    expect((await admin.call('DELETE', `/admin/identities/${UNKNOWN}`, undefined, { 'if-match': '"1"' })).status).toBe(404);
  });
});
