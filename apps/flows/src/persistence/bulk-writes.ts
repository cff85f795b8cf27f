import { randomUUID } from 'node:crypto';
import { EventEnvelope, NewEvent } from '@gatehouse/contracts';
import { ConcurrencyError, EventStoreTransaction, ident, isUniqueViolation } from '@gatehouse/eventsourcing';

export interface BulkClaim {
  kind: string;
  value: string;
  streamId: string;
}

export interface NewStream {
  streamId: string;
  /** The Kafka key and CloudEvents subject. */
  subject: string;
  events: readonly NewEvent[];
}

/** One claim as a string (`kind\0value`), to compare claims. */
export const claimKey = (c: { kind: string; value: string }): string => `${c.kind}\u0000${c.value}`;

/** Set-based writes to the event store's own tables for a batch (an import of up to 1,000 identities): one
 * statement for all claims, one for all events, in the caller's EventStore transaction. */
export class BulkWrites {
  private readonly s: string;

  constructor(
    schema: string,
    private readonly validate: (event: NewEvent) => void,
  ) {
    this.s = ident(schema);
  }

  /** Claims every value that is free; returns the keys (`kind\0value`) it could NOT claim (held by another stream). */
  async claimFree(tx: EventStoreTransaction, unordered: readonly BulkClaim[], at: Date): Promise<Set<string>> {
    if (unordered.length === 0) return new Set();
    // one order for every batch: two batches claiming overlapping values wait for each other instead of deadlocking
    const claims = [...unordered].sort((a, b) => (a.kind === b.kind ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.kind < b.kind ? -1 : 1));
    const r = await tx.query<{ kind: string; value: string }>(
      `INSERT INTO ${this.s}.unique_claims (kind, value, stream_id, claimed_at)
       SELECT kind, value, stream_id, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS c(kind, value, stream_id)
       ON CONFLICT (kind, value) DO NOTHING
       RETURNING kind, value`,
      [claims.map((c) => c.kind), claims.map((c) => c.value), claims.map((c) => c.streamId), at],
    );
    const claimed = new Set(r.rows.map(claimKey));
    return new Set(claims.map(claimKey).filter((k) => !claimed.has(k)));
  }

  /** Gives back claims this batch took (only where the named stream holds them). */
  async release(tx: EventStoreTransaction, claims: readonly BulkClaim[]): Promise<void> {
    if (claims.length === 0) return;
    await tx.query(
      `DELETE FROM ${this.s}.unique_claims u USING unnest($1::text[], $2::text[], $3::text[]) AS c(kind, value, stream_id)
        WHERE u.kind = c.kind AND u.value = c.value AND u.stream_id = c.stream_id`,
      [claims.map((c) => c.kind), claims.map((c) => c.value), claims.map((c) => c.streamId)],
    );
  }

  /** Appends the first events of many new streams (expected version 0) in one statement, each event checked
   * against its contract; they join `tx.appended`, so the transaction's commit wakes the relay as any append does. */
  async appendNewStreams(tx: EventStoreTransaction, streams: readonly NewStream[], occurredAt: Date): Promise<EventEnvelope[]> {
    const at = occurredAt.toISOString();
    const envelopes: EventEnvelope[] = streams.flatMap((s) =>
      s.events.map((e, i) => {
        this.validate(e);
        return { id: randomUUID(), type: e.type, version: e.version, streamId: s.streamId, streamVersion: i + 1, subject: s.subject, occurredAt: at, data: e.data };
      }),
    );
    if (envelopes.length === 0) return [];
    const rows = envelopes.map((e, n) => ({ n, event_id: e.id, stream_id: e.streamId, version: e.streamVersion, type: e.type, type_version: e.version, subject: e.subject, data: e.data }));
    try {
      await tx.query(
        `INSERT INTO ${this.s}.events (event_id, stream_id, version, type, type_version, subject, data, metadata, occurred_at)
         SELECT event_id, stream_id, version, type, type_version, subject, data, '{}'::jsonb, $2
           FROM jsonb_to_recordset($1::jsonb) AS e(n integer, event_id uuid, stream_id text, version integer, type text, type_version integer, subject text, data jsonb)
          ORDER BY n`,
        [JSON.stringify(rows), at],
      );
    } catch (e) {
      // a stream that exists already: the whole batch fails, as an append at a stale expected version does
      if (isUniqueViolation(e, 'events_pkey')) throw new ConcurrencyError('(import batch)', 0, 1);
      throw e;
    }
    tx.appended.push(...envelopes);
    return envelopes;
  }
}
