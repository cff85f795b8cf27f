import { Pool } from 'pg';
import { KafkaPublisher } from '@gatehouse/messaging';
import { ScratchTopic, identityRegistered, testInfra, uniqueName, waitFor } from '@gatehouse/testing';
import { EventSink, EventStore, KafkaEventSink, OutboxRelay, migrateEventStore } from '../index';

const newStream = () => {
  const e = identityRegistered();
  return { event: { type: e.type, version: e.version, data: e.data }, subject: e.subject, streamId: e.streamId };
};

describe('outbox relay to Kafka', () => {
  const dsn = testInfra().dsn;
  const pool = new Pool({ connectionString: dsn, max: 10 });
  let schema: string;
  let store: EventStore;
  let topic: ScratchTopic;
  let publisher: KafkaPublisher;
  const relays: OutboxRelay[] = [];

  const relay = (sink: EventSink = new KafkaEventSink(publisher, { source: '/test', topicOverride: topic.name }), name = 'relay-under-test') => {
    const r = new OutboxRelay({ connection: { connectionString: dsn, application_name: name }, schema, sink, pollIntervalMs: 100 });
    relays.push(r);
    return r;
  };

  beforeEach(async () => {
    schema = uniqueName('relay');
    await migrateEventStore(pool, schema);
    store = new EventStore(pool, { schema });
    topic = await new ScratchTopic('relay').create(3);
    publisher = new KafkaPublisher(topic.kafka);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop(500)));
    await publisher.disconnect();
    await topic.delete();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  afterAll(() => pool.end());

  it('publishes every committed event once, keyed by identity, in stream order per key', async () => {
    const streams = Array.from({ length: 4 }, newStream);
    for (let version = 0; version < 5; version++) {
      // interleave appends across streams so order per key is not an accident of insertion order
      await Promise.all(streams.map((s) => store.append({ streamId: s.streamId, expectedVersion: version, subject: s.subject, events: [s.event] })));
    }
    const r = relay();
    await r.start();
    await waitFor(async () => (await topic.count()) >= 20, { what: '20 records on the topic' });
    await r.stop();

    const records = await topic.readAll();
    expect(records).toHaveLength(20);
    expect(new Set(records.map((m) => m.headers.ce_id)).size).toBe(20);
    for (const s of streams) {
      const mine = records.filter((m) => m.key === s.subject);
      expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
      expect(mine.sort((a, b) => Number(a.offset) - Number(b.offset)).map((m) => Number(m.headers.ge_stream_version))).toEqual([1, 2, 3, 4, 5]);
      expect(mine[0].headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'sh.gatehouse.identity.registered.v1', ce_subject: s.subject, ce_source: '/test' });
      expect(mine[0].value).not.toMatch(/hash/i);
    }
  });

  it('wakes on commit: an event appended while the relay runs reaches Kafka', async () => {
    const r = relay();
    await r.start();
    const s = newStream();
    const [appended] = await store.append({ streamId: s.streamId, expectedVersion: 0, subject: s.subject, events: [s.event] });
    await waitFor(async () => (await topic.count()) === 1, { what: 'the record' });
    const [record] = await topic.readAll();
    expect(record.headers.ce_id).toBe(appended.id);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const r = relay();
    await r.start();
    const rolledBack = newStream();
    await expect(
      store.transact(async (tx) => {
        await tx.append({ streamId: rolledBack.streamId, expectedVersion: 0, subject: rolledBack.subject, events: [rolledBack.event] });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const committed = newStream();
    await store.append({ streamId: committed.streamId, expectedVersion: 0, subject: committed.subject, events: [committed.event] });
    await waitFor(async () => (await topic.count()) >= 1, { what: 'the committed record' });
    await r.drain();
    const records = await topic.readAll();
    expect(records.map((m) => m.key)).toEqual([committed.subject]);
  });

  it('a relay killed after the commit and before the publish publishes the event after restart', async () => {
    // The first relay takes the batch and dies inside the publish: its sink never returns.
    const dyingName = uniqueName('dying');
    let reachedPublish!: () => void;
    const publishing = new Promise<void>((resolve) => (reachedPublish = resolve));
    const dying = relay(
      {
        publish: () => {
          reachedPublish();
          return new Promise<void>(() => undefined);
        },
      },
      dyingName,
    );
    const s = newStream();
    const [appended] = await store.append({ streamId: s.streamId, expectedVersion: 0, subject: s.subject, events: [s.event] });
    await dying.start();
    await publishing;
    // kill: the connection (and with it the relay lock) goes away without a checkpoint
    const killed = await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [dyingName]);
    expect(killed.rowCount).toBe(1);
    expect(await topic.count()).toBe(0);

    const restarted = relay();
    await restarted.start();
    await waitFor(async () => (await topic.count()) === 1 && restarted.isActive, { what: 'the event after restart' });
    const records = await topic.readAll();
    expect(records.map((m) => m.headers.ce_id)).toEqual([appended.id]);
  });

  it('survives losing its database connection and goes on relaying', async () => {
    const name = uniqueName('reconnecting');
    const r = relay(undefined, name);
    await r.start();
    await waitFor(() => r.isActive, { what: 'the relay to take the lock' });
    const killed = await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
    expect(killed.rowCount).toBe(1);
    const s = newStream();
    const [appended] = await store.append({ streamId: s.streamId, expectedVersion: 0, subject: s.subject, events: [s.event] });
    await waitFor(async () => (await topic.count()) === 1, { what: 'the record after the reconnect', timeoutMs: 15_000 });
    expect((await topic.readAll()).map((m) => m.headers.ce_id)).toEqual([appended.id]);
  });

  it('keeps one active relay per checkpoint: a second instance stands by', async () => {
    const first = relay();
    const second = relay();
    await first.start();
    await waitFor(() => first.isActive, { what: 'the first relay to take the lock' });
    await second.start();
    const s = newStream();
    await store.append({ streamId: s.streamId, expectedVersion: 0, subject: s.subject, events: [s.event] });
    await waitFor(async () => (await topic.count()) === 1, { what: 'the record' });
    expect(second.isActive).toBe(false);
    await first.stop();
    await waitFor(() => second.isActive, { what: 'the standby to take over', timeoutMs: 5_000 });
    const t = newStream();
    await store.append({ streamId: t.streamId, expectedVersion: 0, subject: t.subject, events: [t.event] });
    await waitFor(async () => (await topic.count()) === 2, { what: 'the second record' });
    expect((await topic.readAll()).map((m) => m.key).sort()).toEqual([s.subject, t.subject].sort());
  });
});
