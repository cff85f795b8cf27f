import { loadConfig } from '@gatehouse/config';
import { runMain } from '@gatehouse/platform';
import { runMigrations } from './app';
import { flowsConfigSchema } from './config.schema';

runMain('flows migrate', async () => {
  const config = loadConfig(flowsConfigSchema);
  await runMigrations(config);
  process.stdout.write(`flows: migrations applied to schema ${config.database.schema}\n`);
});
