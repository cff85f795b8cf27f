import { refused } from '@gatehouse/testing';
import { AdminClient, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

describe('DELETE /admin/identities/{id} (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('deletes: 204 with the await header, sessions answer 401 at once, the email registers again, a second delete is a 404', async () => {
    const email = uniqueEmail('delete');
    const registered = await h.register(email);
    expect(registered.status).toBe(200);
    const id = registered.body.identity.id as string;
    const token = registered.body.session_token as string;
    expect(await admin.whoami(token)).toBe(200);

    const res = await admin.call('DELETE', `/admin/identities/${id}`, undefined, { 'x-gatehouse-actor': 'gdpr-bot' });
    expect(res.status).toBe(204);
    expect(res.headers.get('x-gatehouse-await')).toMatch(new RegExp(`^identity:${id}@\\d+$`));
    expect(await admin.whoami(token)).toBe(401);
    expect((await admin.get(id)).status).toBe(404);
    expect(await h.query('SELECT 1 FROM $schema.identity_credentials WHERE identity_id = $1 UNION ALL SELECT 1 FROM $schema.sessions WHERE identity_id = $1', [id])).toEqual([]);
    const again = await h.register(email);
    expect(again.status).toBe(200);
    expect(again.body.identity.id).not.toBe(id);
    const [deleted] = await admin.events('sh.gatehouse.identity.deleted.v1', (d) => d.identity_id === id);
    expect(deleted).toEqual({ identity_id: id, actor: { type: 'admin', id: 'gdpr-bot' } });
    expect((await refused(admin.sdk.deleteIdentity({ id }))).status).toBe(404);
    expect((await admin.call('DELETE', '/admin/identities/not-a-uuid')).status).toBe(404);
  });
});
