import { Pool } from 'pg';
import { Actor } from '@gatehouse/contracts';
import { EVENT_COLUMNS, EventRow, EventSealer, ident } from '@gatehouse/eventsourcing';
import { KeysetPagination } from '@gatehouse/platform';
import { historyActor, redactEventData } from './history-redact';

/** One event of an identity's history, as GET /admin/identities/{id}/events shows it. */
export interface HistoryEvent {
  id: string;
  type: string;
  version: number;
  stream_id: string;
  stream_version: number;
  occurred_at: string;
  actor: Actor;
  data: unknown;
}

/** Position in the store (global_position, a bigint kept as text). */
export interface HistoryPageKey {
  position: string;
}

export const historyPagination = new KeysetPagination<HistoryPageKey>({
  defaultPageSize: 100,
  maxPageSize: 500,
  toJson: (key) => ({ p: key.position }),
  fromJson: ({ p }) => (typeof p === 'string' && /^\d{1,19}$/.test(p) ? { position: p } : undefined),
});

/** Every event whose subject is the identity, from every stream (identity, sessions, login flows…), oldest first;
 * the events stay after the identity is deleted (audit), but what the sealed ones said is gone with its data key
 * (crypto-shredding: their data shows as {}). Secrets never leave (redactEventData; the sealed part is never read). */
export class IdentityHistoryQueries {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly sealer: EventSealer,
  ) {
    this.s = ident(schema);
  }

  async page(identityId: string, after: HistoryPageKey | undefined, size: number): Promise<{ items: HistoryEvent[]; next?: HistoryPageKey }> {
    const r = await this.pool.query<EventRow & { global_position: string; metadata: { actor?: unknown } }>(
      `SELECT global_position::text AS global_position, metadata, ${EVENT_COLUMNS}
         FROM ${this.s}.events WHERE subject = $1 AND global_position > $2::bigint ORDER BY global_position LIMIT $3`,
      [identityId, after?.position ?? '0', size + 1],
    );
    const rows = r.rows.slice(0, size);
    // sealed events open with the identity's data key; after a deletion it is gone, and so is what they said
    const opened = await this.sealer.open(this.pool, rows);
    const items = opened.map((e, i) => ({
      id: e.id,
      type: e.type,
      version: e.version,
      stream_id: e.streamId,
      stream_version: e.streamVersion,
      occurred_at: e.occurredAt,
      actor: historyActor(e.shredded ? rows[i].metadata : e.data, identityId),
      data: redactEventData(e.data),
    }));
    const last = rows[rows.length - 1];
    return { items, next: r.rows.length > size && last ? { position: last.global_position } : undefined };
  }
}
