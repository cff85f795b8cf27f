import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { EventEnvelope, NewEvent, subjectOf } from '@gatehouse/contracts';
import { ClaimTakenError, ConcurrencyError, isUniqueViolation, isWriteConflict } from './errors';
import { ident, notifyChannel } from './schema';
import { EVENT_COLUMNS, EventRow, EventSealer, Queryable, SealingOptions, StoredEvent, rowToEnvelope } from './sealing';

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

/** A unique value a stream claims (see EventStoreTransaction.claim). */
export interface Claim {
  kind: string;
  value: string;
  streamId: string;
}

/** The first events of a stream that does not exist yet (expected version 0). */
export interface NewStream {
  streamId: string;
  /** The Kafka key and CloudEvents subject. */
  subject: string;
  events: readonly NewEvent[];
}

/** One claim as a string (`kind\0value`), to compare claims. */
export const claimKey = (c: { kind: string; value: string }): string => `${c.kind}\u0000${c.value}`;

export interface EventStoreOptions {
  schema: string;
  /** Checks an event against its contract before it is stored (parse at every edge). */
  validate?: (event: NewEvent) => void;
  clock?: () => Date;
  /** How many times in all `transact` runs work that loses to a concurrent writer (isWriteConflict); default 4. */
  conflictAttempts?: number;
  /** Per-subject envelope encryption of event data and secrets (see EventSealer); without it events are stored in
   * clear and an event with secrets is refused. */
  sealing?: SealingOptions;
  /** Inline projections: run at the end of every transaction that appended, before it commits, so the tables
   * they write always agree with the events (and a failing projection rolls the append back). */
  projections?: readonly InlineProjection[];
}

export interface InlineProjection {
  /** Brings the projection up to date with what `tx` appended (it may be called more than once per transaction). */
  apply(tx: EventStoreTransaction): Promise<void>;
}

/** Reads events through the sealer, when there is one. */
async function openRows(db: Queryable, sealer: EventSealer | undefined, rows: EventRow[]): Promise<StoredEvent[]> {
  if (sealer) return sealer.open(db, rows);
  return rows.map((row) => {
    if (row.sealed) throw new Error('the store holds sealed events: configure sealing to read them');
    return rowToEnvelope(row);
  });
}

/** One event's row values: ids, position, and its data sealed (or not) under its subject's key. */
function eventRows(sealer: EventSealer | undefined, envelopes: readonly (EventEnvelope & { secrets?: Record<string, unknown> })[], keys: Map<string, Buffer>) {
  return envelopes.map((e) => {
    if (!sealer && e.secrets !== undefined) throw new Error(`${e.type} carries secrets but the store has no sealing configured`);
    const { data, sealed } = sealer ? sealer.columns(e, keys.get(e.subject)) : { data: e.data, sealed: null };
    return { event_id: e.id, stream_id: e.streamId, version: e.streamVersion, type: e.type, type_version: e.version, subject: e.subject, data, sealed: sealed?.toString('base64') ?? null };
  });
}

export const DEFAULT_CONFLICT_ATTEMPTS = 4;

/** One transaction of the store: appends, unique claims and the caller's own writes commit or roll back together. */
export class EventStoreTransaction {
  /** What this transaction appended, secrets included (for the inline projections of the same transaction). */
  readonly appended: StoredEvent[] = [];

  constructor(
    private readonly client: PoolClient,
    private readonly s: string,
    private readonly options: EventStoreOptions,
    private readonly sealer?: EventSealer,
  ) {}

  /** Wraps every data key under the first secrets.cipher key (after a rotation); returns how many changed. */
  async rewrapKeys(): Promise<number> {
    if (!this.sealer) throw new Error('the store has no sealing configured');
    return this.sealer.rewrapAll(this.client);
  }

  /** Every event of a stream as this transaction sees it (its own appends included), opened. */
  async readStream(streamId: string): Promise<StoredEvent[]> {
    const r = await this.client.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE stream_id = $1 ORDER BY version`, [streamId]);
    return openRows(this.client, this.sealer, r.rows);
  }

  /** Destroys the subject's data key (crypto-shredding): once committed, none of its sealed events opens again. */
  async destroyKey(subject: string): Promise<void> {
    if (!this.sealer) throw new Error('the store has no sealing configured');
    await this.sealer.destroyKey(this.client, subject);
  }

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

  /** Claims many values in one statement (a batch); returns the keys (`claimKey`) of those held by another stream,
   * which it leaves alone. Claims are taken in one order, so two batches with overlapping values wait for each
   * other instead of deadlocking. */
  async claimFree(unordered: readonly Claim[]): Promise<Set<string>> {
    if (unordered.length === 0) return new Set();
    const claims = [...unordered].sort((a, b) => (a.kind === b.kind ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.kind < b.kind ? -1 : 1));
    const r = await this.client.query<{ kind: string; value: string }>(
      `INSERT INTO ${this.s}.unique_claims (kind, value, stream_id, claimed_at)
       SELECT kind, value, stream_id, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS c(kind, value, stream_id)
       ON CONFLICT (kind, value) DO NOTHING
       RETURNING kind, value`,
      [claims.map((c) => c.kind), claims.map((c) => c.value), claims.map((c) => c.streamId), this.now()],
    );
    const claimed = new Set(r.rows.map(claimKey));
    return new Set(claims.map(claimKey).filter((k) => !claimed.has(k)));
  }

  /** Gives back many claims in one statement (only where the named stream holds them). */
  async releaseAll(claims: readonly Claim[]): Promise<void> {
    if (claims.length === 0) return;
    await this.client.query(
      `DELETE FROM ${this.s}.unique_claims u USING unnest($1::text[], $2::text[], $3::text[]) AS c(kind, value, stream_id)
        WHERE u.kind = c.kind AND u.value = c.value AND u.stream_id = c.stream_id`,
      [claims.map((c) => c.kind), claims.map((c) => c.value), claims.map((c) => c.streamId)],
    );
  }

  /** Appends the first events of many new streams in one statement (an import of up to 1,000 identities), each
   * event checked against its contract. A stream that exists already fails the whole call (ConcurrencyError), as
   * an append at a stale expected version does. */
  async appendNewStreams(streams: readonly NewStream[], occurredAt?: Date): Promise<StoredEvent[]> {
    const at = (occurredAt ?? this.now()).toISOString();
    const envelopes: StoredEvent[] = streams.flatMap((s) =>
      s.events.map((e, i) => {
        this.options.validate?.(e);
        return withSecrets({ id: randomUUID(), type: e.type, version: e.version, streamId: s.streamId, streamVersion: i + 1, subject: s.subject, occurredAt: at, data: e.data }, e);
      }),
    );
    if (envelopes.length === 0) return [];
    // the data keys of the subjects that begin here are made here and stored by the same statement as the events
    // (a subject that has one already fails it, as a stream that exists does); other subjects' keys are loaded
    const sealer = this.sealer;
    const owned = sealer ? streams.filter((t) => sealer.keyedStream(t.streamId) && subjectOf(t.streamId) === t.subject) : [];
    const created = sealer ? sealer.newKeys(owned.map((t) => t.subject)) : new Map<string, { key: Buffer; kid: string; wrapped: Buffer }>();
    const others = sealer ? await this.keysFor(streams.filter((t) => !created.has(t.subject))) : new Map<string, Buffer>();
    const keys = new Map([...others, ...[...created].map(([subject, k]) => [subject, k.key] as const)]);
    const rows = eventRows(this.sealer, envelopes, keys).map((row, n) => ({ n, ...row }));
    const dataKeys = [...created].map(([subject, k]) => ({ subject, kid: k.kid, wrapped: k.wrapped.toString('base64') }));
    await this.savepoint(
      `WITH data_keys AS (
         INSERT INTO ${this.s}.data_keys (subject, kid, wrapped, created_at)
         SELECT subject, kid, decode(wrapped, 'base64'), $2 FROM jsonb_to_recordset($3::jsonb) AS k(subject text, kid text, wrapped text))
       INSERT INTO ${this.s}.events (event_id, stream_id, version, type, type_version, subject, data, sealed, metadata, occurred_at)
       SELECT event_id, stream_id, version, type, type_version, subject, data, decode(sealed, 'base64'), '{}'::jsonb, $2
         FROM jsonb_to_recordset($1::jsonb) AS e(n integer, event_id uuid, stream_id text, version integer, type text, type_version integer, subject text, data jsonb, sealed text)
        ORDER BY n`,
      [JSON.stringify(rows), at, JSON.stringify(dataKeys)],
      (e) => (isUniqueViolation(e, 'events_pkey') || isUniqueViolation(e, 'data_keys_pkey') ? new ConcurrencyError('(new streams)', 0, 1) : undefined),
    );
    sealer?.adopt(created);
    this.appended.push(...envelopes);
    return envelopes;
  }

  /** The data keys of the subjects appended to; a keyed stream whose subject has none yet gets one (a new identity,
   * or one written before the store sealed). */
  private async keysFor(targets: readonly { streamId: string; subject: string }[], options: { fresh?: boolean } = {}): Promise<Map<string, Buffer>> {
    if (!this.sealer) return new Map();
    const sealer = this.sealer;
    // a subject's own stream that begins (a new identity): its key is created first (a cached key of a subject whose
    // first transaction rolled back must not be trusted), then everything is loaded (from the cache)
    if (options.fresh) await sealer.createKeys(this.client, targets.filter((t) => sealer.keyedStream(t.streamId) && subjectOf(t.streamId) === t.subject).map((t) => t.subject));
    const keys = await sealer.keysOf(
      this.client,
      targets.map((t) => t.subject),
    );
    const missing = targets.filter((t) => !keys.has(t.subject) && sealer.keyedStream(t.streamId)).map((t) => t.subject);
    if (missing.length === 0) return keys;
    await sealer.createKeys(this.client, missing);
    return new Map([...keys, ...(await sealer.keysOf(this.client, missing))]);
  }

  /** The stream's version, with the stream locked against other writers until this transaction ends (a
   * transaction-scoped advisory lock, taken before the version is read): writers of one stream take turns instead
   * of failing each other's append, and the version cannot move under the caller. Take it before reading the
   * state a decision depends on, and before locking rows that other writers of the stream touch after theirs. */
  async streamVersion(streamId: string): Promise<number> {
    await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
    const r = await this.client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${this.s}.events WHERE stream_id = $1`, [streamId]);
    return r.rows[0]?.v ?? 0;
  }

  async append(request: AppendRequest): Promise<StoredEvent[]> {
    const actual = await this.streamVersion(request.streamId);
    if (actual !== request.expectedVersion) throw new ConcurrencyError(request.streamId, request.expectedVersion, actual);
    const occurredAt = (request.occurredAt ?? this.now()).toISOString();
    const envelopes: StoredEvent[] = request.events.map((e, i) => {
      this.options.validate?.(e);
      return withSecrets(
        { id: randomUUID(), type: e.type, version: e.version, streamId: request.streamId, streamVersion: request.expectedVersion + i + 1, subject: request.subject, occurredAt, data: e.data },
        e,
      );
    });
    const keys = await this.keysFor([request], { fresh: request.expectedVersion === 0 });
    const values: unknown[] = [];
    const rows = eventRows(this.sealer, envelopes, keys).map((e, i) => {
      values.push(e.event_id, e.stream_id, e.version, e.type, e.type_version, e.subject, JSON.stringify(e.data), e.sealed === null ? null : Buffer.from(e.sealed, 'base64'), JSON.stringify(request.metadata ?? {}), occurredAt);
      const b = i * 10;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10})`;
    });
    await this.savepoint(
      `INSERT INTO ${this.s}.events (event_id, stream_id, version, type, type_version, subject, data, sealed, metadata, occurred_at) VALUES ${rows.join(', ')}`,
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
  /** The store's sealer (shared with the relay of the same process, so both use one key cache). */
  readonly sealer?: EventSealer;

  constructor(
    private readonly pool: Pool,
    private readonly options: EventStoreOptions,
  ) {
    this.s = ident(options.schema);
    this.sealer = options.sealing ? new EventSealer(this.s, options.sealing) : undefined;
  }

  get schema(): string {
    return this.options.schema;
  }

  /** Runs `work` in one transaction; everything it appended is returned once committed. Work that loses to a
   * concurrent writer of the same stream or rows (a ConcurrencyError, a deadlock, a serialization failure) is
   * rolled back and run again in a fresh transaction, on fresh state, after a short random pause; the error of
   * the last attempt is thrown. So `work` must do nothing outside the transaction that cannot happen twice. */
  async transact<T>(work: (tx: EventStoreTransaction) => Promise<T>, options: { attempts?: number } = {}): Promise<{ result: T; events: EventEnvelope[] }> {
    const attempts = Math.max(1, options.attempts ?? this.options.conflictAttempts ?? DEFAULT_CONFLICT_ATTEMPTS);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactOnce(work);
      } catch (e) {
        if (attempt >= attempts || !isWriteConflict(e)) throw e;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  private async transactOnce<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<{ result: T; events: EventEnvelope[] }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = new EventStoreTransaction(client, this.s, this.options, this.sealer);
      const result = await work(tx);
      if (tx.appended.length > 0) for (const projection of this.options.projections ?? []) await projection.apply(tx);
      if (tx.appended.length > 0) await client.query('SELECT pg_notify($1, $2)', [notifyChannel(this.options.schema), String(tx.appended.length)]);
      await client.query('COMMIT');
      return { result, events: tx.appended.map(published) };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** One append at the version the caller decided on: a stale one throws ConcurrencyError (no retry: the
   * caller has to decide again). */
  append(request: AppendRequest): Promise<EventEnvelope[]> {
    return this.transact((tx) => tx.append(request), { attempts: 1 }).then((r) => r.result);
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const r = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE stream_id = $1 ORDER BY version`, [streamId]);
    return openRows(this.pool, this.sealer, r.rows);
  }

  /** Every committed event, opened, in batches: in store order (`position`), or stream by stream in version order
   * (`stream`, optionally only streams whose id starts with `streamPrefix`). For rebuilds; `db` reads inside a
   * caller's transaction. */
  async *readAll(options: { order?: 'position' | 'stream'; streamPrefix?: string; batchSize?: number; db?: Queryable } = {}): AsyncGenerator<StoredEvent[]> {
    const db = options.db ?? this.pool;
    const size = options.batchSize ?? 1_000;
    const prefix = options.streamPrefix === undefined ? '' : `${options.streamPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const byStream = options.order === 'stream';
    let after: [string, number] | [string] = byStream ? ['', 0] : ['0'];
    for (;;) {
      const where = byStream ? '(stream_id, version) > ($1, $2::integer)' : 'global_position > $1::bigint';
      const r = await db.query<EventRow & { global_position: string }>(
        `SELECT ${EVENT_COLUMNS}, global_position::text AS global_position FROM ${this.s}.events
          WHERE ${where}${prefix ? ` AND stream_id LIKE $${after.length + 1}` : ''}
          ORDER BY ${byStream ? 'stream_id, version' : 'global_position'} LIMIT ${size}`,
        prefix ? [...after, prefix] : [...after],
      );
      if (r.rows.length === 0) return;
      yield await openRows(db, this.sealer, r.rows);
      const last = r.rows[r.rows.length - 1];
      after = byStream ? [last.stream_id, last.version] : [last.global_position];
      if (r.rows.length < size) return;
    }
  }
}

/** An event as it may leave the write side: without its secret part. */
export function published(event: StoredEvent): EventEnvelope {
  if (event.secrets === undefined && event.shredded === undefined) return event;
  const envelope: StoredEvent = { ...event };
  delete envelope.secrets;
  delete envelope.shredded;
  return envelope;
}

function withSecrets(envelope: EventEnvelope, event: NewEvent): StoredEvent {
  return event.secrets === undefined ? envelope : { ...envelope, secrets: event.secrets };
}
