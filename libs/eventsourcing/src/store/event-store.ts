import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { EventEnvelope, NewEvent } from '@gatehouse/contracts';
import { ClaimTakenError, ConcurrencyError, isUniqueViolation } from './errors';
import { ident, notifyChannel } from './schema';

export interface AppendRequest {
  streamId: string;
  /** The version the caller decided on: 0 for a new stream. */
  expectedVersion: number;
  /** The Kafka key and CloudEvents subject (the identity id). */
  subject: string;
  events: readonly NewEvent[];
  metadata?: Record<string, unknown>;
  /** When the decision was made (the command's time); defaults to the store's clock. */
  occurredAt?: Date;
}

export interface EventStoreOptions {
  schema: string;
  /** Checks an event against its contract before it is stored (parse at every edge). */
  validate?: (event: NewEvent) => void;
  clock?: () => Date;
}

/** One transaction of the store: appends, unique claims and the caller's own writes commit or roll back together. */
export class EventStoreTransaction {
  readonly appended: EventEnvelope[] = [];

  constructor(
    private readonly client: PoolClient,
    private readonly s: string,
    private readonly options: EventStoreOptions,
  ) {}

  /** Runs a statement of the caller in this transaction (read-side state, credentials…). */
  query<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; rowCount: number | null }> {
    return this.client.query<R>(sql, params);
  }

  /** Claims a unique value for a stream; a value held by another stream raises ClaimTakenError. */
  async claim(kind: string, value: string, streamId: string): Promise<void> {
    await this.savepoint(`INSERT INTO ${this.s}.unique_claims (kind, value, stream_id, claimed_at) VALUES ($1, $2, $3, $4)`, [kind, value, streamId, this.now()], (e) =>
      isUniqueViolation(e) ? new ClaimTakenError(kind, value) : undefined,
    );
  }

  async release(kind: string, value: string): Promise<void> {
    await this.client.query(`DELETE FROM ${this.s}.unique_claims WHERE kind = $1 AND value = $2`, [kind, value]);
  }

  async streamVersion(streamId: string): Promise<number> {
    const r = await this.client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${this.s}.events WHERE stream_id = $1`, [streamId]);
    return r.rows[0]?.v ?? 0;
  }

  async append(request: AppendRequest): Promise<EventEnvelope[]> {
    const actual = await this.streamVersion(request.streamId);
    if (actual !== request.expectedVersion) throw new ConcurrencyError(request.streamId, request.expectedVersion, actual);
    const occurredAt = (request.occurredAt ?? this.now()).toISOString();
    const envelopes: EventEnvelope[] = request.events.map((e, i) => {
      this.options.validate?.(e);
      return {
        id: randomUUID(),
        type: e.type,
        version: e.version,
        streamId: request.streamId,
        streamVersion: request.expectedVersion + i + 1,
        subject: request.subject,
        occurredAt,
        data: e.data,
      };
    });
    const values: unknown[] = [];
    const rows = envelopes.map((e, i) => {
      values.push(e.id, e.streamId, e.streamVersion, e.type, e.version, e.subject, JSON.stringify(e.data), JSON.stringify(request.metadata ?? {}), e.occurredAt);
      const b = i * 9;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
    });
    await this.savepoint(
      `INSERT INTO ${this.s}.events (event_id, stream_id, version, type, type_version, subject, data, metadata, occurred_at) VALUES ${rows.join(', ')}`,
      values,
      (e) => (isUniqueViolation(e, 'events_pkey') ? new ConcurrencyError(request.streamId, request.expectedVersion, request.expectedVersion + 1) : undefined),
    );
    this.appended.push(...envelopes);
    return envelopes;
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  /** Runs one statement so that a failure maps to a domain error and leaves the transaction usable. */
  private async savepoint(sql: string, params: unknown[], map: (e: unknown) => Error | undefined): Promise<void> {
    await this.client.query('SAVEPOINT gatehouse_stmt');
    try {
      await this.client.query(sql, params);
      await this.client.query('RELEASE SAVEPOINT gatehouse_stmt');
    } catch (e) {
      await this.client.query('ROLLBACK TO SAVEPOINT gatehouse_stmt');
      throw map(e) ?? e;
    }
  }
}

/** A Postgres event store: events with per-stream optimistic concurrency, unique claims in the same transaction,
 * and a NOTIFY on commit that wakes the outbox relay. */
export class EventStore {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    private readonly options: EventStoreOptions,
  ) {
    this.s = ident(options.schema);
  }

  get schema(): string {
    return this.options.schema;
  }

  /** Runs `work` in one transaction; everything it appended is returned once committed. */
  async transact<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<{ result: T; events: EventEnvelope[] }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = new EventStoreTransaction(client, this.s, this.options);
      const result = await work(tx);
      if (tx.appended.length > 0) await client.query('SELECT pg_notify($1, $2)', [notifyChannel(this.options.schema), String(tx.appended.length)]);
      await client.query('COMMIT');
      return { result, events: tx.appended };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  append(request: AppendRequest): Promise<EventEnvelope[]> {
    return this.transact((tx) => tx.append(request)).then((r) => r.result);
  }

  async readStream(streamId: string): Promise<EventEnvelope[]> {
    const r = await this.pool.query(
      `SELECT event_id, stream_id, version, type, type_version, subject, data, occurred_at FROM ${this.s}.events WHERE stream_id = $1 ORDER BY version`,
      [streamId],
    );
    return r.rows.map(rowToEnvelope);
  }
}

export function rowToEnvelope(row: Record<string, unknown>): EventEnvelope {
  return {
    id: row.event_id as string,
    type: row.type as string,
    version: row.type_version as number,
    streamId: row.stream_id as string,
    streamVersion: row.version as number,
    subject: row.subject as string,
    occurredAt: (row.occurred_at as Date).toISOString(),
    data: row.data,
  };
}
