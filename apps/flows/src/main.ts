import 'reflect-metadata';
import { loadConfig } from '@gatehouse/config';
import { runMain } from '@gatehouse/platform';
import { startFlows } from './app';
import { flowsConfigSchema } from './config.schema';

runMain('flows', async () => {
  const config = loadConfig(flowsConfigSchema);
  const { url } = await startFlows(config);
  process.stdout.write(`flows listening on ${url}\n`);
});
