import 'reflect-metadata';
import { loadConfig } from '@gatehouse/config';
import { runMain } from '@gatehouse/platform';
import { startGateway } from './app';
import { gatewayConfigSchema } from './config.schema';

runMain('gateway', async () => {
  const gateway = await startGateway(loadConfig(gatewayConfigSchema));
  process.stdout.write(`gateway: public API on ${gateway.publicUrl}, admin API on ${gateway.adminUrl}\n`);
});
