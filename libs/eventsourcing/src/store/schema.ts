import { Pool } from 'pg';

/** Quotes a Postgres identifier (schema names come from configuration). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid schema name "${name}": use lower-case letters, digits and _`);
  return `"${name}"`;
}

/** Versioned, forward-only migrations of the event store tables; each runs once, in order, in a transaction. */
const MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    sql: (s) => `
      CREATE TABLE ${s}.events (
        global_position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        type text NOT NULL,
        type_version integer NOT NULL,
        subject text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (stream_id, version)
      );
      CREATE INDEX events_tx_position ON ${s}.events (transaction_id, global_position);
      CREATE TABLE ${s}.unique_claims (
        kind text NOT NULL,
        value text NOT NULL,
        stream_id text NOT NULL,
        claimed_at timestamptz NOT NULL,
        PRIMARY KEY (kind, value)
      );
      CREATE TABLE ${s}.relay_checkpoints (
        name text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        global_position bigint NOT NULL,
        updated_at timestamptz NOT NULL
      );`,
  },
  {
    version: 2,
    sql: (s) => `
      -- envelope encryption: one data key per subject (an identity), wrapped under a secrets.cipher key (kid);
      -- an event of a keyed subject keeps data and secrets in "sealed" (AES-256-GCM, bound to event_id) and {} in
      -- "data". Deleting a subject's key (crypto-shredding) leaves its sealed events unreadable for good.
      CREATE TABLE ${s}.data_keys (
        subject text PRIMARY KEY,
        kid text NOT NULL,
        wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL
      );
      ALTER TABLE ${s}.events ADD COLUMN sealed bytea;`,
  },
];

export interface SqlMigration {
  version: number;
  /** Receives the quoted schema name. */
  sql: (schema: string) => string;
}

/** Creates the schema and applies the pending migrations of one migration set, in order, in one transaction;
 * safe to run concurrently (advisory lock). Returns the versions applied. */
export async function runSqlMigrations(pool: Pool, schema: string, set: { table: string; migrations: readonly SqlMigration[] }): Promise<number[]> {
  const s = ident(schema);
  const table = `${s}.${ident(set.table)}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gatehouse-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${table}`)).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of set.migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql(s));
      await client.query(`INSERT INTO ${table} (version) VALUES ($1)`, [m.version]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

/** The event store's own tables (events, unique_claims, relay_checkpoints). */
export function migrateEventStore(pool: Pool, schema: string): Promise<number[]> {
  return runSqlMigrations(pool, schema, { table: 'eventstore_migrations', migrations: MIGRATIONS });
}

export function notifyChannel(schema: string): string {
  return `${schema}_events`;
}
