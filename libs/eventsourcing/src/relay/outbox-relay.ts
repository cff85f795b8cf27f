import { Client, ClientConfig } from 'pg';
import { EventEnvelope } from '@gatehouse/contracts';
import { published } from '../store/event-store';
import { EVENT_COLUMNS, EventRow, EventSealer, rowToEnvelope } from '../store/sealing';
import { ident, notifyChannel } from '../store/schema';

/** Where relayed events go (Kafka in production); resolves once every event is durably accepted. */
export interface EventSink {
  publish(events: readonly EventEnvelope[]): Promise<void>;
}

export interface OutboxRelayOptions {
  connection: ClientConfig;
  schema: string;
  sink: EventSink;
  /** Checkpoint name: one per destination. */
  name?: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (and how often a standby relay retries the lock). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
  /** Opens sealed events (the store's sealer); their secret part is never published, and an event whose data
   * key was destroyed before it was relayed is not published at all (its subject was deleted and shredded). */
  sealer?: EventSealer;
}

/** Tails the events table by (transaction id, position) and hands committed events to the sink in commit order.
 * Only transactions older than every running one are read (pg_snapshot_xmin), so a slow transaction that commits
 * later with a lower position is never skipped. One relay is active per checkpoint (session advisory lock);
 * the checkpoint advances only after the sink accepted the batch: at-least-once, in order per stream. */
export class OutboxRelay {
  private client?: Client;
  private running = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private readonly s: string;
  private readonly name: string;
  private active = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.s = ident(options.schema);
    this.name = options.name ?? 'kafka';
  }

  /** True once this instance holds the lock and relays. */
  get isActive(): boolean {
    return this.active;
  }

  /** Connects (failing fast if Postgres is not there) and starts relaying in the background. */
  async start(): Promise<void> {
    await this.connect();
    this.running = true;
    this.loop = this.run();
  }

  /** A dedicated connection: it holds the session lock and receives the commit notifications. */
  private async connect(): Promise<void> {
    const client = new Client(this.options.connection);
    client.on('error', (e) => this.options.onError?.(e));
    client.on('notification', () => this.wake?.());
    try {
      await client.connect();
      await client.query(`LISTEN ${ident(notifyChannel(this.options.schema))}`);
      await client.query(
        `INSERT INTO ${this.s}.relay_checkpoints (name, transaction_id, global_position, updated_at) VALUES ($1, '0'::xid8, 0, now()) ON CONFLICT (name) DO NOTHING`,
        [this.name],
      );
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    this.client = client;
    this.active = false;
  }

  /** After a lost connection the lock is gone too: start over with a new connection, standing by until locked. */
  private async reconnect(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.active = false;
    await old?.end().catch(() => undefined);
    await this.connect();
  }

  /** Stops after the batch in flight (waiting at most `graceMs`); the checkpoint stays where the last accepted
   * batch left it, so an unfinished batch is published again by the next active relay. */
  async stop(graceMs = 5_000): Promise<void> {
    this.running = false;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
    this.active = false;
  }

  /** Relays everything committed so far; resolves when the backlog is empty (used by tests and shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    let broken = false;
    while (this.running) {
      try {
        if (broken) await this.reconnect();
        broken = false;
        if (!this.active) this.active = await this.tryLock();
        if (this.active && (await this.relayBatch()) > 0) continue;
      } catch (e) {
        this.options.onError?.(e);
        // any failure may have left the connection unusable (Postgres restarted, network): rebuild it
        broken = true;
      }
      await this.idle();
    }
  }

  private async tryLock(): Promise<boolean> {
    const r = await this.db().query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`gatehouse-relay:${this.options.schema}:${this.name}`]);
    return r.rows[0].ok;
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs ?? 1_000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async relayBatch(): Promise<number> {
    const db = this.db();
    const cp = await db.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text, global_position FROM ${this.s}.relay_checkpoints WHERE name = $1`,
      [this.name],
    );
    const { transaction_id, global_position } = cp.rows[0];
    const batch = await db.query<EventRow & { tx: string; global_position: string }>(
      `SELECT ${EVENT_COLUMNS}, transaction_id::text AS tx, global_position
         FROM ${this.s}.events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [transaction_id, global_position, this.options.batchSize ?? 500],
    );
    if (batch.rows.length === 0) return 0;
    await this.options.sink.publish(await this.publishable(db, batch.rows));
    const last = batch.rows[batch.rows.length - 1];
    await db.query(`UPDATE ${this.s}.relay_checkpoints SET transaction_id = $2::xid8, global_position = $3, updated_at = now() WHERE name = $1`, [
      this.name,
      last.tx,
      last.global_position,
    ]);
    return batch.rows.length;
  }

  private async publishable(db: Client, rows: EventRow[]): Promise<EventEnvelope[]> {
    const sealer = this.options.sealer;
    if (!sealer) {
      if (rows.some((r) => r.sealed)) throw new Error('the store holds sealed events: give the relay the store\'s sealer');
      return rows.map(rowToEnvelope);
    }
    return (await sealer.open(db, rows)).filter((e) => !e.shredded).map(published);
  }

  private db(): Client {
    if (!this.client) throw new Error('relay is not started');
    return this.client;
  }
}
