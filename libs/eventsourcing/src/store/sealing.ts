import { EventEnvelope } from '@gatehouse/contracts';
import { Keyring, open, seal } from './keyring';

/** Runs a statement on whatever connection the caller holds (a pool, a client, a transaction). */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** An event as the store holds it: the published envelope, plus the part the relay never publishes. */
export interface StoredEvent<T = unknown> extends EventEnvelope<T> {
  /** The event's secret part (password hashes, token digests…), present only on reads inside the write side. */
  secrets?: Record<string, unknown>;
  /** The event was sealed under a data key that no longer exists (its subject was deleted): its data and
   * secrets are gone for good (`data` is `{}`). */
  shredded?: boolean;
}

export interface SealingOptions {
  keyring: Keyring;
  /** Streams whose subject gets a data key when it has none (identity and session streams; not the streams of
   * requests for unknown addresses, whose subject is no identity). */
  keyedStream: (streamId: string) => boolean;
  /** Event types stored in clear although their subject has a key: what must stay readable after the key is
   * destroyed (the deletion itself). They must carry no PII and no secret. */
  clearTypes?: readonly string[];
  /** How many unwrapped data keys a process keeps (default 10,000). */
  cacheSize?: number;
}

/** A stored row of the events table, as the readers select it. */
export interface EventRow {
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  type_version: number;
  subject: string;
  data: unknown;
  sealed: Buffer | null;
  occurred_at: Date;
}

/** The columns a reader selects (with `sealed`). */
export const EVENT_COLUMNS = 'event_id, stream_id, version, type, type_version, subject, data, sealed, occurred_at';

/** Per-subject data keys (table data_keys) and the sealing of events under them: `data` and `secrets` of a keyed
 * subject's event are stored as one AES-256-GCM value bound to the event id, and `data` holds `{}`. Destroying a
 * subject's key (crypto-shredding) makes every such event of it unreadable, in every copy of the store. */
export class EventSealer {
  /** Unwrapped keys in two generations: when the young one is full it becomes the old one (O(1) eviction). */
  private young = new Map<string, Buffer>();
  private old = new Map<string, Buffer>();
  private readonly clear: ReadonlySet<string>;

  constructor(
    private readonly s: string,
    private readonly options: SealingOptions,
  ) {
    this.clear = new Set(options.clearTypes ?? []);
  }

  keyedStream(streamId: string): boolean {
    return this.options.keyedStream(streamId);
  }

  /** Creates the data keys of subjects that begin (a stream's first events), in one statement. A subject that has
   * a key already keeps it: its cached copy is dropped, so the next read loads the one the store holds. */
  async createKeys(db: Queryable, subjects: readonly string[]): Promise<void> {
    const fresh = [...new Set(subjects)].map((subject) => ({ subject, ...this.options.keyring.newDataKey() }));
    if (fresh.length === 0) return;
    const r = await db.query<{ subject: string }>(
      `INSERT INTO ${this.s}.data_keys (subject, kid, wrapped, created_at)
       SELECT subject, kid, decode(wrapped, 'base64'), now() FROM jsonb_to_recordset($1::jsonb) AS k(subject text, kid text, wrapped text)
       ON CONFLICT (subject) DO NOTHING RETURNING subject`,
      [JSON.stringify(fresh.map((k) => ({ subject: k.subject, kid: k.kid, wrapped: k.wrapped.toString('base64') })))],
    );
    const created = new Set(r.rows.map((row) => row.subject));
    for (const k of fresh) {
      if (created.has(k.subject)) this.remember(k.subject, k.key);
      else this.forget(k.subject);
    }
  }

  /** Fresh data keys for subjects (stored by the caller, then adopted). */
  newKeys(subjects: readonly string[]): Map<string, { key: Buffer; kid: string; wrapped: Buffer }> {
    return new Map([...new Set(subjects)].map((subject) => [subject, this.options.keyring.newDataKey()]));
  }

  /** Keys the caller stored: cached, so that reads in this process need not load them. */
  adopt(keys: ReadonlyMap<string, { key: Buffer }>): void {
    for (const [subject, { key }] of keys) this.remember(subject, key);
  }

  /** The data keys of these subjects that exist (loaded once per process, then cached). */
  async keysOf(db: Queryable, subjects: readonly string[]): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const subject of new Set(subjects)) {
      const key = this.cached(subject);
      if (key) keys.set(subject, key);
      else missing.push(subject);
    }
    if (missing.length > 0) {
      const r = await db.query<{ subject: string; kid: string; wrapped: Buffer }>(`SELECT subject, kid, wrapped FROM ${this.s}.data_keys WHERE subject = ANY($1::text[])`, [missing]);
      for (const row of r.rows) {
        const key = this.options.keyring.unwrap(row.kid, row.wrapped);
        this.remember(row.subject, key);
        keys.set(row.subject, key);
      }
    }
    return keys;
  }

  /** Destroys a subject's data key: its sealed events can never be opened again. */
  async destroyKey(db: Queryable, subject: string): Promise<void> {
    await db.query(`DELETE FROM ${this.s}.data_keys WHERE subject = $1`, [subject]);
    this.forget(subject);
  }

  /** Wraps every data key still wrapped under an older key with the current one (after a rotation). */
  async rewrapAll(db: Queryable): Promise<number> {
    const r = await db.query<{ subject: string; kid: string; wrapped: Buffer }>(`SELECT subject, kid, wrapped FROM ${this.s}.data_keys WHERE kid <> $1`, [this.options.keyring.currentKid]);
    for (const row of r.rows) {
      const { kid, wrapped } = this.options.keyring.wrap(this.options.keyring.unwrap(row.kid, row.wrapped));
      await db.query(`UPDATE ${this.s}.data_keys SET kid = $2, wrapped = $3 WHERE subject = $1`, [row.subject, kid, wrapped]);
    }
    return r.rows.length;
  }

  /** The `data` and `sealed` columns of an event: sealed when its subject has a key and its type is not clear. An
   * event with secrets must be sealed (secrets are never stored in clear). */
  columns(event: { id: string; type: string; data: unknown; secrets?: Record<string, unknown> }, key: Buffer | undefined): { data: unknown; sealed: Buffer | null } {
    if (!key || this.clear.has(event.type)) {
      if (event.secrets !== undefined) throw new Error(`${event.type} carries secrets but its subject has no data key`);
      return { data: event.data, sealed: null };
    }
    const body = JSON.stringify(event.secrets === undefined ? { d: event.data } : { d: event.data, s: event.secrets });
    return { data: {}, sealed: seal(key, body, Buffer.from(event.id)) };
  }

  /** Opens stored rows: sealed ones with their subject's key, or marked shredded when the key is gone. */
  async open(db: Queryable, rows: readonly EventRow[]): Promise<StoredEvent[]> {
    const keys = await this.keysOf(
      db,
      rows.filter((r) => r.sealed).map((r) => r.subject),
    );
    return rows.map((row) => {
      const envelope = rowToEnvelope(row);
      if (!row.sealed) return envelope;
      const key = keys.get(row.subject);
      if (!key) return { ...envelope, data: {}, shredded: true };
      const body = JSON.parse(open(key, row.sealed, Buffer.from(row.event_id)).toString('utf8')) as { d: unknown; s?: Record<string, unknown> };
      return body.s === undefined ? { ...envelope, data: body.d } : { ...envelope, data: body.d, secrets: body.s };
    });
  }

  private cached(subject: string): Buffer | undefined {
    return this.young.get(subject) ?? this.old.get(subject);
  }

  private forget(subject: string): void {
    this.young.delete(subject);
    this.old.delete(subject);
  }

  private remember(subject: string, key: Buffer): void {
    if (this.young.size >= (this.options.cacheSize ?? 10_000) / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(subject, key);
  }
}

export function rowToEnvelope(row: Omit<EventRow, 'sealed'>): EventEnvelope {
  return {
    id: row.event_id,
    type: row.type,
    version: row.type_version,
    streamId: row.stream_id,
    streamVersion: row.version,
    subject: row.subject,
    occurredAt: row.occurred_at.toISOString(),
    data: row.data,
  };
}
