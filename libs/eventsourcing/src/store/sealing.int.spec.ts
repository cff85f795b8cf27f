import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { testInfra, uniqueName } from '@gatehouse/testing';
import { ConcurrencyError, EventStore, Keyring, OutboxRelay, SealingOptions, migrateEventStore } from '../index';
import { EventEnvelope } from '@gatehouse/contracts';

const OLD = 'old-cipher-secret-0123456789abcd';
const NEW = 'new-cipher-secret-0123456789abcd';
const sealing = (secrets: string[]): SealingOptions => ({ keyring: new Keyring(secrets), keyedStream: (id) => id.startsWith('identity:'), clearTypes: ['Deleted'] });

describe('sealed events (per-subject data keys under secrets.cipher)', () => {
  const pool = new Pool({ connectionString: testInfra().dsn, max: 10 });
  const schema = uniqueName('seal');
  const storeWith = (secrets: string[]) => new EventStore(pool, { schema, sealing: sealing(secrets) });
  const store = storeWith([OLD]);

  const registered = (id: string, email: string) => ({ type: 'Registered', version: 1, data: { identity_id: id, email }, secrets: { hashed_password: `$argon2id$hash-of-${email}` } });
  async function newIdentity(s = store) {
    const id = randomUUID();
    const email = `${id.slice(0, 8)}@seal.example`;
    await s.append({ streamId: `identity:${id}`, expectedVersion: 0, subject: id, events: [registered(id, email)] });
    return { id, email };
  }
  /** Every row of every table of the store's schema, as text. */
  async function everything(): Promise<string> {
    const tables = (await pool.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1', [schema])).rows;
    const dumps = await Promise.all(tables.map(({ t }) => pool.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${t}" t`)));
    return dumps.flatMap((d) => d.rows.map((r) => r.row)).join('\n');
  }
  const hex = (s: string) => Buffer.from(s).toString('hex');

  beforeAll(() => migrateEventStore(pool, schema));
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('stores data and secrets of a keyed subject sealed, and opens them on read', async () => {
    const { id, email } = await newIdentity();
    const dump = await everything();
    expect(dump).not.toContain(email);
    expect(dump).not.toContain(hex(email));
    const [event] = await store.readStream(`identity:${id}`);
    expect(event).toMatchObject({ data: { identity_id: id, email }, secrets: { hashed_password: `$argon2id$hash-of-${email}` } });
    expect(event.shredded).toBeUndefined();
  });

  it('returns what a transaction appended without the secret part', async () => {
    const id = randomUUID();
    const { events } = await store.transact((tx) => tx.append({ streamId: `identity:${id}`, expectedVersion: 0, subject: id, events: [registered(id, 'x@seal.example')] }));
    expect(events[0]).not.toHaveProperty('secrets');
  });

  it('publishes opened data without secrets, and nothing of a subject shredded before it was relayed', async () => {
    const kept = await newIdentity();
    const gone = await newIdentity();
    await store.transact(async (tx) => {
      await tx.append({ streamId: `identity:${gone.id}`, expectedVersion: 1, subject: gone.id, events: [{ type: 'Deleted', version: 1, data: { identity_id: gone.id } }] });
      await tx.destroyKey(gone.id);
    });
    const published: EventEnvelope[] = [];
    const relay = new OutboxRelay({ connection: { connectionString: testInfra().dsn }, schema, name: uniqueName('r'), sealer: store.sealer, sink: { publish: async (e) => void published.push(...e) } });
    await relay.start();
    try {
      await relay.drain();
    } finally {
      await relay.stop();
    }
    expect(published.find((e) => e.subject === kept.id)).toMatchObject({ type: 'Registered', data: { email: kept.email } });
    // at-least-once: the background loop and drain() may both hand a batch over
    expect([...new Set(published.filter((e) => e.subject === gone.id).map((e) => e.type))]).toEqual(['Deleted']);
    expect(JSON.stringify(published)).not.toContain('argon2id');
  });

  it('after the key is destroyed, neither the email nor the hash can be read back, in clear or opened', async () => {
    const { id, email } = await newIdentity();
    await store.transact(async (tx) => {
      await tx.append({ streamId: `identity:${id}`, expectedVersion: 1, subject: id, events: [{ type: 'Deleted', version: 1, data: { identity_id: id } }] });
      await tx.destroyKey(id);
    });
    for (const reader of [store, storeWith([OLD])]) {
      const events = await reader.readStream(`identity:${id}`);
      expect(events.map((e) => [e.type, e.shredded ?? false])).toEqual([
        ['Registered', true],
        ['Deleted', false],
      ]);
      expect(JSON.stringify(events)).not.toContain(email);
    }
    const dump = await everything();
    expect(dump).not.toContain(email);
    expect(dump).not.toContain(hex(email));
  });

  it('opens events written under an old key after a rotation, and after re-wrapping without the old key', async () => {
    const { id, email } = await newIdentity(storeWith([OLD]));
    const rotated = storeWith([NEW, OLD]);
    expect((await rotated.readStream(`identity:${id}`))[0].data).toMatchObject({ email });
    const later = await newIdentity(rotated);
    expect(await rotated.transact((tx) => tx.rewrapKeys()).then((r) => r.result)).toBeGreaterThan(0);
    const onlyNew = storeWith([NEW]);
    expect((await onlyNew.readStream(`identity:${id}`))[0].data).toMatchObject({ email });
    expect((await onlyNew.readStream(`identity:${later.id}`))[0].data).toMatchObject({ email: later.email });
  });

  it('seals a batch of new streams under keys made in the same statement; a subject with a key already fails it', async () => {
    const ids = [randomUUID(), randomUUID()];
    await store.transact((tx) => tx.appendNewStreams(ids.map((id) => ({ streamId: `identity:${id}`, subject: id, events: [registered(id, `${id}@batch.example`)] }))));
    for (const id of ids) expect((await storeWith([OLD]).readStream(`identity:${id}`))[0]).toMatchObject({ data: { email: `${id}@batch.example` }, secrets: expect.any(Object) });
    expect(await everything()).not.toContain(`${ids[0]}@batch.example`);
    const { id: existing } = await newIdentity();
    const again = store.transact((tx) => tx.appendNewStreams([{ streamId: `identity:${existing}`, subject: existing, events: [registered(existing, 'again@batch.example')] }]), { attempts: 1 });
    await expect(again).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('refuses secrets where nothing seals them', async () => {
    const plain = new EventStore(pool, { schema });
    const id = randomUUID();
    await expect(plain.append({ streamId: `identity:${id}`, expectedVersion: 0, subject: id, events: [registered(id, 'y@seal.example')] })).rejects.toThrow(/secrets/);
    await expect(store.append({ streamId: `login:${id}`, expectedVersion: 0, subject: randomUUID(), events: [registered(id, 'z@seal.example')] })).rejects.toThrow(/no data key/);
  });
});
