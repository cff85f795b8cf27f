import { Pool } from 'pg';
import { EventEnvelope } from '@gatehouse/contracts';
import { published } from '@gatehouse/eventsourcing';
import { FlowsConfig } from './config.schema';
import { flowsEventStore } from './identity/event-store.factory';
import { migrateFlows } from './persistence/migrations';

/** `npm run rebuild`, the write side's part (scripts/rebuild.mjs runs it first): the identity, credential and
 * session tables emptied and folded again from every identity and session stream, in one transaction (live
 * writers wait for it, then go on). Returns the counts. */
export async function rebuildWriteSide(
  config: Pick<FlowsConfig, 'dsn' | 'database' | 'secrets'>,
  onProgress?: (what: string, events: number) => void,
): Promise<{ events: number; identities: number; credentials: number; sessions: number }> {
  const pool = new Pool({ connectionString: config.dsn, max: 2 });
  try {
    await migrateFlows(pool, config.database.schema);
    const { store, projections } = flowsEventStore(pool, { schema: config.database.schema, cipherSecrets: config.secrets.cipher });
    const { result } = await store.transact((tx) => projections.rebuild(store, tx, onProgress), { attempts: 1 });
    return result;
  } finally {
    await pool.end();
  }
}

/** Every event as the relay publishes it (opened, without its secret part, nothing of a shredded subject), in
 * store order, in batches: what the read models of identity and notifier are rebuilt from. */
export async function* publishedEvents(config: Pick<FlowsConfig, 'dsn' | 'database' | 'secrets'>, batchSize = 1_000): AsyncGenerator<EventEnvelope[]> {
  const pool = new Pool({ connectionString: config.dsn, max: 2 });
  try {
    const { store } = flowsEventStore(pool, { schema: config.database.schema, cipherSecrets: config.secrets.cipher });
    for await (const batch of store.readAll({ batchSize })) {
      const events = batch.filter((e) => !e.shredded).map(published);
      if (events.length > 0) yield events;
    }
  } finally {
    await pool.end();
  }
}
