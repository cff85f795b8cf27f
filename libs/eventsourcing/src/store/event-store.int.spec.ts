import { Pool } from 'pg';
import { identityRegistered, testInfra, uniqueName } from '@gatehouse/testing';
import { ClaimTakenError, ConcurrencyError, EventStore, EventStoreTransaction, claimKey, migrateEventStore } from '../index';

const newEvent = () => {
  const e = identityRegistered();
  return { event: { type: e.type, version: e.version, data: e.data }, subject: e.subject, streamId: e.streamId };
};

describe('Postgres event store', () => {
  const pool = new Pool({ connectionString: testInfra().dsn, max: 30 });
  const schema = uniqueName('es');
  const store = new EventStore(pool, { schema });

  beforeAll(() => migrateEventStore(pool, schema));
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('appends with per-stream versions and reads them back in order', async () => {
    const { event, subject, streamId } = newEvent();
    await store.append({ streamId, expectedVersion: 0, subject, events: [event, event] });
    await store.append({ streamId, expectedVersion: 2, subject, events: [event] });
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(read[0]).toMatchObject({ type: 'IdentityRegistered', version: 1, subject, data: event.data });
  });

  it('rejects a stale expected version (optimistic concurrency) and keeps the stream intact', async () => {
    const { event, subject, streamId } = newEvent();
    await store.append({ streamId, expectedVersion: 0, subject, events: [event] });
    await expect(store.append({ streamId, expectedVersion: 0, subject, events: [event] })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append({ streamId, expectedVersion: 5, subject, events: [event] })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('lets exactly one of many concurrent writers of one version win', async () => {
    const { event, subject, streamId } = newEvent();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.append({ streamId, expectedVersion: 0, subject, events: [event] })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof ConcurrencyError)).toBe(true);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('lets writers of one stream take turns: 12 concurrent read-then-append writers all land, none has to retry', async () => {
    const { event, subject, streamId } = newEvent();
    let runs = 0;
    const write = () =>
      store.transact(async (tx) => {
        runs++;
        return tx.append({ streamId, expectedVersion: await tx.streamVersion(streamId), subject, events: [event] });
      });
    const results = await Promise.allSettled(Array.from({ length: 12 }, write));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(runs).toBe(12);
  });

  it('runs work that lost to a concurrent writer again, in a fresh transaction', async () => {
    const { event, subject, streamId } = newEvent();
    await store.append({ streamId, expectedVersion: 0, subject, events: [event] });
    let runs = 0;
    // the first run decides on a version another writer has moved past (as a decision made outside would)
    const { events } = await store.transact(async (tx) => {
      runs++;
      return tx.append({ streamId, expectedVersion: runs === 1 ? 0 : await tx.streamVersion(streamId), subject, events: [event] });
    });
    expect(runs).toBe(2);
    expect(events.map((e) => e.streamVersion)).toEqual([2]);
  });

  it('gives up after conflictAttempts and throws the last ConcurrencyError; other errors are not retried', async () => {
    const { event, subject, streamId } = newEvent();
    await store.append({ streamId, expectedVersion: 0, subject, events: [event] });
    let runs = 0;
    const stale = new EventStore(pool, { schema, conflictAttempts: 3 });
    const staleWrite = async (tx: EventStoreTransaction) => {
      runs++;
      return tx.append({ streamId, expectedVersion: 0, subject, events: [event] });
    };
    await expect(stale.transact(staleWrite)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(runs).toBe(3);
    runs = 0;
    const failing = async () => {
      runs++;
      throw new Error('no');
    };
    await expect(stale.transact(failing)).rejects.toThrow('no');
    expect(runs).toBe(1);
  });

  it('decides unique claims in the append transaction: 25 concurrent claims of one value, one winner', async () => {
    const email = `${uniqueName('claim')}@example.com`;
    const attempts = Array.from({ length: 25 }, () => newEvent());
    const results = await Promise.allSettled(
      attempts.map(({ event, subject, streamId }) =>
        store.transact(async (tx) => {
          await tx.claim('password_identifier', email, streamId);
          await tx.append({ streamId, expectedVersion: 0, subject, events: [event] });
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ClaimTakenError)).toHaveLength(24);
    const streams = await pool.query(`SELECT count(DISTINCT stream_id)::int AS n FROM "${schema}".events WHERE stream_id = ANY($1)`, [attempts.map((a) => a.streamId)]);
    expect(streams.rows[0].n).toBe(1);
  });

  it('rolls back events and claims together when the transaction fails', async () => {
    const { event, subject, streamId } = newEvent();
    await expect(
      store.transact(async (tx) => {
        await tx.claim('password_identifier', `${streamId}@example.com`, streamId);
        await tx.append({ streamId, expectedVersion: 0, subject, events: [event] });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.readStream(streamId)).toEqual([]);
    const claims = await pool.query(`SELECT 1 FROM "${schema}".unique_claims WHERE stream_id = $1`, [streamId]);
    expect(claims.rowCount).toBe(0);
  });

  it('checks events against their contract before storing them', async () => {
    const strict = new EventStore(pool, {
      schema,
      validate: (e) => {
        if (e.type !== 'IdentityRegistered') throw new Error(`no contract for ${e.type}`);
      },
    });
    const { subject, streamId } = newEvent();
    await expect(strict.append({ streamId, expectedVersion: 0, subject, events: [{ type: 'Unknown', version: 1, data: {} }] })).rejects.toThrow(/no contract/);
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('claims, releases and appends for a batch of new streams in single statements', async () => {
    const [a, b, c] = [newEvent(), newEvent(), newEvent()];
    const held = `${uniqueName('held')}@example.com`;
    await store.transact((tx) => tx.claim('password_identifier', held, c.streamId));
    const wanted = [
      { kind: 'password_identifier', value: `${uniqueName('a')}@example.com`, streamId: a.streamId },
      { kind: 'password_identifier', value: held, streamId: b.streamId },
      { kind: 'password_identifier', value: `${uniqueName('b')}@example.com`, streamId: b.streamId },
    ];
    const { result: taken, events } = await store.transact(async (tx) => {
      const refused = await tx.claimFree(wanted);
      // b lost one of its claims: it gives back the one it got (and must not touch the one c holds)
      await tx.releaseAll(wanted.filter((w) => w.streamId === b.streamId));
      await tx.appendNewStreams([{ streamId: a.streamId, subject: a.subject, events: [a.event, a.event] }]);
      return refused;
    });
    expect([...taken]).toEqual([claimKey(wanted[1]!)]);
    expect(events.map((e) => [e.streamId, e.streamVersion])).toEqual([
      [a.streamId, 1],
      [a.streamId, 2],
    ]);
    expect((await store.readStream(a.streamId)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    const claims = await pool.query(`SELECT value, stream_id FROM "${schema}".unique_claims WHERE value = ANY($1) ORDER BY value`, [wanted.map((w) => w.value)]);
    expect(claims.rows.map((r) => [r.value, r.stream_id]).sort()).toEqual([[wanted[0]!.value, a.streamId], [held, c.streamId]].sort());
    await expect(store.transact((tx) => tx.appendNewStreams([{ streamId: a.streamId, subject: a.subject, events: [a.event] }]))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(a.streamId)).toHaveLength(2);
  });

  it('migrations are idempotent', async () => {
    expect(await migrateEventStore(pool, schema)).toEqual([]);
  });
});
