import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope } from '@gatehouse/contracts';
import { bulkInsert } from '../database/bulk';
import { ImportProgressEntity, ProcessedEventEntity, StreamPositionEntity } from '../database/entities';
import { loadIdentityRows, writeIdentityChanges } from '../database/identity.store';
import { identityProjection } from './identity.projection';
import { foldEvents, importIdOf, ProcessedRow, processedRows, ProjectionOutcome, streamPositions } from './projection.fold';

export type { ProjectionOutcome } from './projection.fold';

/** Applies identity events to the read model, one transaction per run of events (a Kafka batch of one partition):
 * 1. record the handled events in processed_events in one insert (ON CONFLICT DO NOTHING RETURNING): the events
 *    not returned were applied before ('duplicate');
 * 2. lock and load the documents of the identities the new events name, fold the events in order with the pure
 *    `evolve` (projection.fold), and write only what changed, a few multi-row statements for the whole run;
 * 3. in the same transaction, move the read-your-writes positions: the highest version of every `identity:` stream
 *    in the run (all events, applied or not), and the IdentityCreated count of each import batch.
 * Concurrent deliveries of one event serialize on the processed_events primary key. A rebuild (src/rebuild) runs the
 * same methods inside its own transaction (`within`). */
@Injectable()
export class IdentityProjector {
  constructor(private readonly dataSource: DataSource) {}

  /** One event in its own transaction (or in `within`). */
  async apply(event: EventEnvelope, within?: EntityManager): Promise<ProjectionOutcome> {
    return (await this.applyBatch([event], within))[0];
  }

  /** A run of events in one transaction, or in the caller's transaction `within` (a rebuild); the outcomes in the
   * order of the events. */
  async applyBatch(events: readonly EventEnvelope[], within?: EntityManager): Promise<ProjectionOutcome[]> {
    const processed = processedRows(events);
    const positions = streamPositions(events);
    if (processed.length === 0 && positions.length === 0) return events.map(() => 'ignored');
    return this.inTransaction(within, async (m) => {
      const fresh = await recordProcessed(m, processed);
      const ids = [...new Set(events.filter((e) => fresh.has(e.id)).map((e) => identityProjection.identityIdOf(e) as string))];
      const before = new Map((await loadIdentityRows(m, ids, { lock: true })).map((row) => [row.id, row]));
      const fold = foldEvents(events, fresh, before);
      await writeIdentityChanges(m, fold.changes);
      await recordPositions(m, positions, fold.imports);
      return fold.outcomes;
    });
  }

  /** An event the read model cannot take (the database refuses it for what it holds): nothing of it is applied, but
   * it counts as processed (a redelivery is a duplicate) and its positions move on, so that nobody waits for it in vain. */
  async skip(event: EventEnvelope, within?: EntityManager): Promise<void> {
    await this.inTransaction(within, async (m) => {
      const fresh = await recordProcessed(m, processedRows([event]));
      const importId = fresh.has(event.id) ? importIdOf(event) : undefined;
      await recordPositions(m, streamPositions([event]), new Map(importId ? [[importId, 1]] : []));
    });
  }

  private inTransaction<T>(within: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return within ? work(within) : this.dataSource.transaction(work);
  }
}

/** Records events in the ledger; returns the ids of those it did not hold yet. */
async function recordProcessed(m: EntityManager, rows: ProcessedRow[]): Promise<Set<string>> {
  const recorded = await bulkInsert<{ event_id: string }>(m, ProcessedEventEntity, rows, { conflict: ['projection', 'event_id'], returning: ['event_id'] });
  return new Set(recorded.map((r) => r.event_id));
}

/** Stream versions only grow; import counters add up (import ids sorted: one lock order across partitions). */
async function recordPositions(m: EntityManager, positions: { stream_id: string; version: number }[], imports: Map<string, number>): Promise<void> {
  await bulkInsert(m, StreamPositionEntity, positions, { conflict: ['stream_id'], update: { version: 'GREATEST(t.version, EXCLUDED.version)' } });
  const progress = [...imports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([import_id, applied]) => ({ import_id, applied }));
  await bulkInsert(m, ImportProgressEntity, progress, { conflict: ['import_id'], update: { applied: 't.applied + EXCLUDED.applied' } });
}
