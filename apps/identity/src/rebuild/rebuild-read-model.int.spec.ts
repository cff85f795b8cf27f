import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@gatehouse/contracts';
import { ScratchTopic, waitFor } from '@gatehouse/testing';
import { identityCreated, identityStateChanged } from '../../test/admin-events';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { ProjectionUnderTest } from '../../test/projection-harness';
import { batchesOf, pausedAfterFirstBatch, storeStream } from '../../test/rebuild-stream';
import { createIdentityDataSource } from '../database/data-source';
import { migrateIdentity } from '../migrate';
import { rebuildIdentityReadModel } from '.';

type Snapshot = Record<string, Record<string, unknown>[]>;

/** Table for table, so that a difference names its table. */
function expectSameTables(actual: Snapshot, expected: Snapshot): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const table of Object.keys(expected)) expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
}

/** A read model fed by the live path (the service's ProjectionRunner on a real topic), and a second pool for the
 * rebuild, as `npm run rebuild` opens one. */
function rebuildSetup(prefix: string, partitions: number) {
  const topic = new ScratchTopic(prefix);
  const config = identityTestConfig(prefix, topic.name);
  const s = { topic, config, schema: new TestSchema(config), rebuildSource: createIdentityDataSource(config), live: undefined as unknown as ProjectionUnderTest };
  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create(partitions)]);
    await s.rebuildSource.initialize();
    s.live = await new ProjectionUnderTest(config, topic.kafka).start();
  });
  afterAll(async () => {
    await s.live?.stop();
    await s.rebuildSource.destroy();
    await topic.delete();
    await s.schema.close();
  });
  return s;
}

describe('rebuildIdentityReadModel: the read model rebuilt from the store equals the live one (Postgres + Kafka)', () => {
  const s = rebuildSetup('idrebuild', 3);
  const store = storeStream();
  /** The event store: what the rebuild reads, in commit order. */
  const stored: EventEnvelope[] = [...store.events];
  const { ada, cy } = store;

  /** Publishes as the relay does (at least once) and resolves with the live outcomes once all were handled. */
  async function deliveredLive(...events: EventEnvelope[]) {
    const before = s.live.outcomes.length;
    await s.topic.publish(...events);
    await s.live.handled(before + events.length);
    return s.live.outcomes.slice(before);
  }

  it('rebuilds every table in one pass, equal to the live read model table for table; the live projection goes on', async () => {
    // given: the store delivered live, part of it twice
    await deliveredLive(...stored, ...stored.slice(0, 6));
    const live = await s.schema.snapshot();
    expect(live.identities.map((r) => r.id).sort()).toEqual([store.alice, store.bob, ada, cy].map((e) => e.data.identity_id).sort());
    expect(live.import_progress).toEqual([{ import_id: store.importId, applied: 3 }]);
    // and a read model that drifted: a tampered document, a lost child row, positions and ledger rows wrong
    const q = (sql: string, params: unknown[]) => s.schema.pool.query(sql.replaceAll('$S', `"${s.schema.name}"`), params);
    await q(`UPDATE $S.identities SET traits = '{"tampered": true}' WHERE id = $1`, [ada.data.identity_id]);
    await q(`DELETE FROM $S.identity_credentials WHERE identity_id = $1`, [cy.data.identity_id]);
    await q(`UPDATE $S.stream_positions SET version = 1 WHERE stream_id = $1`, [store.alice.streamId]);
    await q(`INSERT INTO $S.import_progress (import_id, applied) VALUES ($1, 7)`, [randomUUID()]);
    await q(`DELETE FROM $S.processed_events WHERE event_id = $1`, [store.bob.id]);
    expect(await s.schema.snapshot()).not.toEqual(live);

    // when: the read model is rebuilt from the store, in batches of 4
    const progress: number[] = [];
    const result = await rebuildIdentityReadModel(s.rebuildSource, batchesOf(stored, 4), (n) => progress.push(n));

    // then: counts and progress, and the very rows the live path wrote
    expect(result).toEqual({ events: stored.length, identities: 4 });
    expect(progress).toEqual(Array.from({ length: Math.ceil(stored.length / 4) }, (_, i) => Math.min(4 * (i + 1), stored.length)));
    expectSameTables(await s.schema.snapshot(), live);

    // when: Kafka delivers the whole store again, then one new event
    const again = await deliveredLive(...stored);
    const next = identityStateChanged(cy, 'inactive', { streamVersion: 3, occurredAt: store.at(30) });
    const nextOutcome = await deliveredLive(next);
    stored.push(next);

    // then: the redelivered events are duplicates that change nothing; the new one is applied, once
    expect(again.filter((o) => o !== 'duplicate' && o !== 'ignored')).toEqual([]);
    expect(nextOutcome).toEqual(['applied']);
    const after = await s.schema.snapshot();
    expect(after.identities.find((r) => r.id === cy.data.identity_id)).toMatchObject({ state: 'inactive', version: 3, last_event_id: next.id });
    expect(after.processed_events).toHaveLength(live.processed_events.length + 1);
    expect(after.stream_positions.find((r) => r.stream_id === cy.streamId)).toEqual({ stream_id: cy.streamId, version: 3 });
    expect(after.import_progress).toEqual(live.import_progress);
  });

  it('a live batch that waits on the rebuild runs after its commit: what the rebuild applied is a duplicate, a newer event applies on top', async () => {
    // given: an event the store holds but Kafka has not delivered yet, and a rebuild paused after its first batch
    const inStore = identityStateChanged(ada, 'inactive', { streamVersion: 6, occurredAt: store.at(31) });
    stored.push(inStore);
    const reader = pausedAfterFirstBatch(stored, 5);
    const rebuilding = rebuildIdentityReadModel(s.rebuildSource, reader.batches);
    await reader.paused;

    // when: Kafka delivers it, with an event appended after the rebuild read the store
    const newer = identityStateChanged(ada, 'active', { streamVersion: 7, occurredAt: store.at(32) });
    const before = s.live.outcomes.length;
    await s.topic.publish(inStore, newer);

    // then: the live batch waits on the rebuild's lock, and goes on once the rebuild has committed
    const waiting = async () =>
      (
        await s.schema.pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = to_regclass($1)`, [
          `"${s.schema.name}".processed_events`,
        ])
      ).rows[0].n > 0;
    await waitFor(waiting, { what: 'the live batch to wait on the rebuild lock', timeoutMs: 20_000 });
    expect(s.live.outcomes.length).toBe(before);
    reader.release();
    expect(await rebuilding).toEqual({ events: stored.length, identities: 4 });
    await s.live.handled(before + 2);
    expect(s.live.outcomes.slice(before)).toEqual(['duplicate', 'applied']);
    stored.push(newer);
    const after = await s.schema.snapshot();
    expect(after.identities.find((r) => r.id === ada.data.identity_id)).toMatchObject({ state: 'active', version: 7, last_event_id: newer.id });
    expect(after.processed_events.filter((r) => r.event_id === inStore.id || r.event_id === newer.id)).toHaveLength(2);

    // and: the model is what a rebuild from the whole store makes of it
    await rebuildIdentityReadModel(s.rebuildSource, batchesOf(stored, 7));
    expectSameTables(await s.schema.snapshot(), after);
  });

  it('refuses a stream that ends before what the live read model has applied, and changes nothing', async () => {
    const before = await s.schema.snapshot();
    await expect(rebuildIdentityReadModel(s.rebuildSource, batchesOf(stored.slice(0, -1), 4))).rejects.toThrow(
      `the event stream ends before positions the live read model has applied (${ada.streamId} at 6 < 7)`,
    );
    expectSameTables(await s.schema.snapshot(), before);
  });
});

describe('rebuildIdentityReadModel: an event the database refuses (Postgres + Kafka)', () => {
  const s = rebuildSetup('idrebuildpoison', 1);

  it('applies the refused batch event by event and skips the refused event, as the live path does', async () => {
    // given: two identities of an import with one external id (the write side would never), live
    const externalId = `dup-${randomUUID()}`;
    const importId = randomUUID();
    const first = identityCreated({ externalId, importId });
    const second = identityCreated({ externalId, importId });
    const third = identityCreated({ importId });
    const stored = [first, second, third, identityStateChanged(first, 'inactive', { streamVersion: 2 })];
    await s.topic.publish(...stored);
    await s.live.handled(stored.length);
    expect(s.live.outcomes).toEqual(['applied', 'skipped', 'applied', 'applied']);
    const live = await s.schema.snapshot();

    // when: rebuilt with the two clashing events in one batch
    expect(await rebuildIdentityReadModel(s.rebuildSource, batchesOf(stored, 2))).toEqual({ events: 4, identities: 2 });

    // then
    expectSameTables(await s.schema.snapshot(), live);
  });
});
