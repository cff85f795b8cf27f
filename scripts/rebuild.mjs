// npm run rebuild (through scripts/stack.sh rebuild, which passes the stack's environment): drops every write-side
// projection (flows: identities, credentials, sessions) and every read model that is a projection of the event
// store (identity: the admin identity model; notifier: its identity copy) and folds them again from the event
// store, with progress and counts. Courier messages are the record of mail sent, not a projection: left alone.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const app = (name, file) => require(join(root, 'apps', name, 'dist', file));
const { loadConfig } = require('@gatehouse/config');

const say = (line) => process.stdout.write(`${line}\n`);
const progress = (label) => {
  let last = 0;
  return (...args) => {
    const n = args.find((a) => typeof a === 'number') ?? 0;
    if (n - last >= 10_000 || last === 0) {
      say(`  ${label}: ${n} events read${typeof args[0] === 'string' ? ` (${args[0]} streams)` : ''}`);
      last = n;
    }
  };
};

async function main() {
  const flows = loadConfig(app('flows', 'config.schema.js').flowsConfigSchema);
  const { rebuildWriteSide, publishedEvents } = app('flows', 'rebuild.js');
  const started = Date.now();

  say(`flows (schema ${flows.database.schema}): identities, credentials and sessions from the identity and session streams`);
  const write = await rebuildWriteSide(flows, progress('flows'));
  say(`  flows: ${write.events} events → ${write.identities} identities, ${write.credentials} credentials, ${write.sessions} sessions`);

  const readModels = [
    ['identity', 'identityConfigSchema', 'database/data-source.js', 'createIdentityDataSource', 'rebuildIdentityReadModel'],
    ['notifier', 'notifierConfigSchema', 'database/data-source.js', 'createNotifierDataSource', 'rebuildNotifierReadModel'],
  ];
  for (const [name, schemaExport, dsFile, dsExport, rebuildExport] of readModels) {
    const config = loadConfig(app(name, 'config.schema.js')[schemaExport]);
    const dataSource = app(name, dsFile)[dsExport](config);
    await dataSource.initialize();
    try {
      say(`${name} (schema ${config.database.schema}): its read model from every published event`);
      const result = await app(name, 'rebuild/index.js')[rebuildExport](dataSource, publishedEvents(flows), progress(name));
      say(`  ${name}: ${JSON.stringify(result)}`);
    } finally {
      await dataSource.destroy();
    }
  }
  say(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  process.stderr.write(`rebuild failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
