import { loadConfig } from '@gatehouse/config';
import { runMain } from '@gatehouse/platform';
import { notifierConfigSchema } from './config.schema';
import { createNotifierDataSource, DatabaseConfig } from './database/data-source';

/** Creates the configured schema when missing and runs the pending migrations; returns their names.
 * An advisory lock keyed by the schema makes concurrent runs (several replicas starting) wait for each other. */
export async function migrateNotifier(config: DatabaseConfig): Promise<string[]> {
  const dataSource = createNotifierDataSource(config);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  const key = `gatehouse.notifier.migrate:${config.database.schema}`;
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${config.database.schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    return ran.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runMain('notifier-migrate', async () => {
    // Only dsn and database.* matter here, but the whole config is validated so a broken one fails early.
    const config = loadConfig(notifierConfigSchema);
    const ran = await migrateNotifier(config);
    process.stdout.write(`notifier-migrate: schema "${config.database.schema}" is up to date (${ran.length} migration(s) applied)\n`);
  });
}
