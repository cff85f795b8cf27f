import { DataSource } from 'typeorm';
import { EventEnvelope } from '@gatehouse/contracts';
import { NotifierIdentityEntity } from '../database/entities';
import { NotifierIdentities } from '../identities/notifier-identities';
import { IdentityProjector } from '../reactors/identity-projector.reactor';

export interface NotifierRebuildResult {
  /** Events read from the store (every type, handled or not). */
  events: number;
  /** Identities the rebuilt notifier_identities knows alive (tombstones of deleted identities not counted). */
  identities: number;
}

/**
 * Drops the notifier's projections of the event stream and rebuilds them from `events` (the event store in commit
 * order, as the relay publishes it), in ONE transaction. There is one such projection: notifier_identities.
 * 1. LOCK it IN EXCLUSIVE MODE: the mail reactors' lookups go on and see the old rows until the commit; the live
 *    Kafka consumer's next identity write waits (and its record with it). Only then is the first batch pulled, so the
 *    store must be read lazily (its snapshot taken after the lock): every event the live consumer applied is in it.
 * 2. delete every row, tombstones included;
 * 3. apply each event through the live code: the IdentityProjector reactor on NotifierIdentities, bound to this
 *    transaction (the mail reactors do not run: a rebuild sends nothing);
 * 4. refuse (roll back) when the stream ends short of a version the live table had reached (a stale read of the
 *    store would otherwise lose events Kafka will not deliver again); commit.
 * A live write that waited on the lock runs after the commit on the rebuilt rows: versioned (an event the rebuild
 * applied, or an older one, changes nothing; a newer one applies on top).
 *
 * Left alone, on purpose: courier_messages and courier_message_dispatches (and the BullMQ queue in Redis). They are
 * not a projection of the event store but the record of work the courier did (queued, sent, abandoned, attempts):
 * rebuilding them would resend mail (a message recreated as queued) or lose its history (sent, possible duplicate).
 * `onProgress` gets the number of events read so far, after each batch.
 */
export async function rebuildNotifierReadModel(
  dataSource: DataSource,
  events: AsyncIterable<readonly EventEnvelope[]>,
  onProgress?: (n: number) => void,
): Promise<NotifierRebuildResult> {
  const table = dataSource.getMetadata(NotifierIdentityEntity).tablePath;
  return dataSource.transaction(async (m) => {
    await m.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    await m.query(`CREATE TEMPORARY TABLE pg_temp.rebuild_live_identities ON COMMIT DROP AS SELECT id, version FROM ${table}`);
    await m.query(`DELETE FROM ${table}`);

    const projector = new IdentityProjector(new NotifierIdentities(m));
    let read = 0;
    for await (const batch of events) {
      for (const event of batch) await projector.handle(event);
      read += batch.length;
      onProgress?.(read);
    }

    const behind = (await m.query(
      `SELECT l.id, l.version AS live, r.version AS rebuilt FROM pg_temp.rebuild_live_identities l
       LEFT JOIN ${table} r ON r.id = l.id
       WHERE r.version IS NULL OR r.version < l.version ORDER BY l.id LIMIT 3`,
    )) as { id: string; live: number; rebuilt: number | null }[];
    if (behind.length > 0) {
      const example = behind.map((b) => `identity ${b.id} at ${b.rebuilt ?? 0} < ${b.live}`).join(', ');
      throw new Error(`notifier rebuild: the event stream ends before versions the live read model has applied (${example}); nothing was changed`);
    }
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM ${table} WHERE NOT deleted`)) as { n: number }[];
    return { events: read, identities: n };
  });
}
