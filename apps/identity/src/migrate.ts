import { runMain } from '@gatehouse/platform';
import { IdentityConfig, loadIdentityConfig } from './config.schema';
import { createIdentityDataSource } from './database/data-source';

/** Creates the configured schema when missing and runs the pending migrations; returns their names.
 * An advisory lock keyed by the schema makes concurrent runs (several replicas starting) wait for each other. */
export async function migrateIdentity(config: Pick<IdentityConfig, 'dsn' | 'database'>): Promise<string[]> {
  const dataSource = createIdentityDataSource(config);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`gatehouse.identity.migrate:${config.database.schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${config.database.schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`gatehouse.identity.migrate:${config.database.schema}`]);
    return ran.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runMain('identity-migrate', async () => {
    const config = loadIdentityConfig();
    const ran = await migrateIdentity(config);
    process.stdout.write(`identity-migrate: schema "${config.database.schema}" is up to date (${ran.length} migration(s) applied)\n`);
  });
}
