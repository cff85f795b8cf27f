import { Pool } from 'pg';
import { Actor } from '@gatehouse/contracts';
import { ident } from '@gatehouse/eventsourcing';
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

interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  type_version: number;
  subject: string;
  data: unknown;
  occurred_at: Date;
}

/** Every event whose subject is the identity, from every stream (identity, sessions, login flows…), oldest first;
 * the events stay after the identity is deleted (audit). Secrets never leave (redactEventData). */
export class IdentityHistoryQueries {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async page(identityId: string, after: HistoryPageKey | undefined, size: number): Promise<{ items: HistoryEvent[]; next?: HistoryPageKey }> {
    const r = await this.pool.query<EventRow>(
      `SELECT global_position::text AS global_position, event_id, stream_id, version, type, type_version, subject, data, occurred_at
         FROM ${this.s}.events WHERE subject = $1 AND global_position > $2::bigint ORDER BY global_position LIMIT $3`,
      [identityId, after?.position ?? '0', size + 1],
    );
    const rows = r.rows.slice(0, size);
    const items = rows.map((row) => ({
      id: row.event_id,
      type: row.type,
      version: row.type_version,
      stream_id: row.stream_id,
      stream_version: row.version,
      occurred_at: row.occurred_at.toISOString(),
      actor: historyActor(row.data, identityId),
      data: redactEventData(row.data),
    }));
    const last = rows[rows.length - 1];
    return { items, next: r.rows.length > size && last ? { position: last.global_position } : undefined };
  }
}
