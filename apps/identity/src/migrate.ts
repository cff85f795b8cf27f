import { migrate, runMain } from '@gatehouse/platform';
import { IdentityConfig, loadIdentityConfig } from './config.schema';
import { identityModel } from './database/data-source';

/** Creates the configured schema when missing and runs the pending migrations; returns their names. */
export function migrateIdentity(config: Pick<IdentityConfig, 'dsn' | 'database'>): Promise<string[]> {
  return migrate(identityModel(config), 'identity');
}

if (require.main === module) {
  runMain('identity-migrate', async () => {
    const config = loadIdentityConfig();
    const ran = await migrateIdentity(config);
    process.stdout.write(`identity-migrate: schema "${config.database.schema}" is up to date (${ran.length} migration(s) applied)\n`);
  });
}
