import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope } from '@gatehouse/contracts';
import { tableOf } from '../database/bulk';
import {
  CredentialEntity,
  IdentityEntity,
  ImportProgressEntity,
  ProcessedEventEntity,
  RecoveryAddressEntity,
  StreamPositionEntity,
  VerifiableAddressEntity,
} from '../database/entities';
import { applyOrSkip, ProjectionUnits } from '../projections/apply-or-skip';
import { identityProjection } from '../projections/identity.projection';
import { IdentityProjector } from '../projections/identity.projector';

export interface IdentityRebuildResult {
  /** Events read from the store (every type, handled or not). */
  events: number;
  /** Rows of the rebuilt identities table. */
  identities: number;
}

/** Every table the identity projection fills, in the order the live projector's transaction first writes them
 * (processed_events, then the documents, then the positions): the rebuild locks them in that order, so a live batch
 * and a rebuild never wait for each other in a cycle. */
const TABLES = [
  ProcessedEventEntity,
  IdentityEntity,
  VerifiableAddressEntity,
  RecoveryAddressEntity,
  CredentialEntity,
  StreamPositionEntity,
  ImportProgressEntity,
] as const;

const logger = new Logger('identity-rebuild');

/**
 * Drops the identity read model and rebuilds it from `events` (the event store in commit order, as the relay
 * publishes it), in ONE transaction:
 * 1. LOCK the tables IN EXCLUSIVE MODE: reads (admin API, POST /internal/await) go on and see the old model until the
 *    commit; the live Kafka projector's first write waits. Only then is the first batch pulled, so the store must be
 *    read lazily (its snapshot taken after the lock): every event the live projector applied is in it.
 * 2. delete every row: documents and their children, processed_events of this projection, stream positions and
 *    import progress;
 * 3. apply each batch through the live code (IdentityProjector and the runner's poison fallback), each batch on a
 *    savepoint checked as the live commit checks it (deferred constraints included), so a batch the database refuses
 *    is applied event by event and its refused events skipped, exactly as live;
 * 4. refuse (roll back) when the stream ends short of a position the live model had reached (a stale read of the
 *    store would otherwise lose events Kafka will not deliver again); commit.
 * A live batch that waited on the lock runs after the commit on the rebuilt model: its events the rebuild applied are
 * duplicates in processed_events (nothing changes), newer ones apply on top.
 * `onProgress` gets the number of events read so far, after each batch.
 */
export async function rebuildIdentityReadModel(
  dataSource: DataSource,
  events: AsyncIterable<readonly EventEnvelope[]>,
  onProgress?: (n: number) => void,
): Promise<IdentityRebuildResult> {
  const projector = new IdentityProjector(dataSource);
  return dataSource.transaction(async (m) => {
    const table = (entity: (typeof TABLES)[number]) => tableOf(m, entity);
    await m.query(`LOCK TABLE ${TABLES.map(table).join(', ')} IN EXCLUSIVE MODE`);
    await m.query(`CREATE TEMPORARY TABLE pg_temp.rebuild_live_positions ON COMMIT DROP AS SELECT stream_id, version FROM ${table(StreamPositionEntity)}`);
    for (const entity of [VerifiableAddressEntity, RecoveryAddressEntity, CredentialEntity, IdentityEntity, StreamPositionEntity, ImportProgressEntity]) {
      await m.query(`DELETE FROM ${table(entity)}`);
    }
    await m.query(`DELETE FROM ${table(ProcessedEventEntity)} WHERE projection = $1`, [identityProjection.name]);

    const units = onSavepoints(projector, m);
    let read = 0;
    for await (const batch of events) {
      await applyOrSkip(units, batch, {
        batchRefused: () => undefined,
        eventSkipped: (i, e) => logger.warn(`skipped ${batch[i].type} ${batch[i].id}: the read model refuses it (${e.message}), as the live projection does`),
      });
      read += batch.length;
      onProgress?.(read);
    }

    const behind = (await m.query(
      `SELECT l.stream_id, l.version AS live, p.version AS rebuilt FROM pg_temp.rebuild_live_positions l
       LEFT JOIN ${table(StreamPositionEntity)} p ON p.stream_id = l.stream_id
       WHERE p.version IS NULL OR p.version < l.version ORDER BY l.stream_id LIMIT 3`,
    )) as { stream_id: string; live: number; rebuilt: number | null }[];
    if (behind.length > 0) {
      const example = behind.map((b) => `${b.stream_id} at ${b.rebuilt ?? 0} < ${b.live}`).join(', ');
      throw new Error(`identity rebuild: the event stream ends before positions the live read model has applied (${example}); nothing was changed`);
    }
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM ${table(IdentityEntity)}`)) as { n: number }[];
    return { events: read, identities: n };
  });
}

/** The projector's units on savepoints of the rebuild's transaction `m`. Each unit ends as a live transaction's commit
 * does: the deferred constraints (identities_external_id_key) are checked (SET CONSTRAINTS ALL IMMEDIATE), a failure
 * rolls the savepoint back; the next unit defers them again, as a new transaction would. */
function onSavepoints(projector: IdentityProjector, m: EntityManager): ProjectionUnits {
  const unit = <T>(work: (savepoint: EntityManager) => Promise<T>): Promise<T> =>
    m.transaction(async (savepoint) => {
      await savepoint.query('SET CONSTRAINTS ALL DEFERRED');
      const result = await work(savepoint);
      await savepoint.query('SET CONSTRAINTS ALL IMMEDIATE');
      return result;
    });
  return {
    applyBatch: (events) => unit((s) => projector.applyBatch(events, s)),
    apply: (event) => unit((s) => projector.apply(event, s)),
    skip: (event) => unit((s) => projector.skip(event, s)),
  };
}
