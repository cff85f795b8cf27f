import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';
import { rebuildWriteSide } from '../rebuild';

/** Deleting an identity destroys its data key: afterwards no table of the event store holds its email or its
 * password hash, in clear or in a form the service's keys still open, and a rebuild brings neither back. */
describe('crypto-shredding on identity delete (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  /** Every row of every table of the service's schema, as text, plus the same bytes as hex (bytea columns). */
  async function everything(): Promise<string> {
    const tables = await h.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1', [h.config.database.schema]);
    const rows = await Promise.all(tables.map(({ t }) => h.query<{ row: string }>(`SELECT t::text AS row FROM $schema."${t}" t`)));
    return rows
      .flat()
      .map((r) => r.row)
      .join('\n')
      .toLowerCase();
  }
  const hex = (s: string) => Buffer.from(s).toString('hex');

  it('leaves no trace of the email or the hash, opened or not, and a rebuild does not resurrect them', async () => {
    const email = uniqueEmail('Shred').toLowerCase();
    const registered = await h.register(email, PASSWORD);
    expect(registered.status).toBe(200);
    const id: string = registered.body.identity.id;
    expect((await admin.login(email)).status).toBe(200);
    const [{ hash }] = await h.query<{ hash: string }>(`SELECT config->>'hashed_password' AS hash FROM $schema.identity_credentials WHERE identity_id = $1`, [id]);
    expect(hash).toMatch(/^\$argon2id\$/);
    // sealed while the identity lives too: the events table holds it in no readable form, only its projections do
    const stored = await h.query<{ row: string }>('SELECT e::text AS row FROM $schema.events e WHERE subject = $1', [id]);
    expect(stored.map((r) => r.row).join('\n').toLowerCase()).not.toContain(email);
    expect(JSON.stringify(await h.events())).toContain(email);

    expect((await admin.call('DELETE', `/admin/identities/${id}`)).status).toBe(204);

    const dump = await everything();
    for (const trace of [email, hash.toLowerCase(), hex(email), hex(hash)]) expect(dump).not.toContain(trace);
    const opened = (await h.events()).filter((e) => e.subject === id);
    expect(opened.length).toBeGreaterThan(3);
    expect(opened.filter((e) => !e.shredded).map((e) => e.type)).toEqual(['IdentityDeleted']);
    expect(JSON.stringify(opened).toLowerCase()).not.toContain(email);
    expect(JSON.stringify(opened)).not.toContain(hash);

    await rebuildWriteSide(h.config);
    expect(await h.query('SELECT 1 FROM $schema.identities WHERE id = $1', [id])).toEqual([]);
    expect(await h.query('SELECT 1 FROM $schema.sessions WHERE identity_id = $1', [id])).toEqual([]);
    expect(await everything()).not.toContain(email);
    // the email is free again: a new identity may take it
    expect((await h.register(email, PASSWORD)).status).toBe(200);
  });
});
