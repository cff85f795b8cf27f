import { loadConfig } from '@gatehouse/config';
import { migrate, runMain } from '@gatehouse/platform';
import { notifierConfigSchema } from './config.schema';
import { DatabaseConfig, notifierModel } from './database/data-source';

/** Creates the configured schema when missing and runs the pending migrations; returns their names. */
export function migrateNotifier(config: DatabaseConfig): Promise<string[]> {
  return migrate(notifierModel(config), 'notifier');
}

if (require.main === module) {
  runMain('notifier-migrate', async () => {
    // Only dsn and database.* matter here, but the whole config is validated so a broken one fails early.
    const config = loadConfig(notifierConfigSchema);
    const ran = await migrateNotifier(config);
    process.stdout.write(`notifier-migrate: schema "${config.database.schema}" is up to date (${ran.length} migration(s) applied)\n`);
  });
}
