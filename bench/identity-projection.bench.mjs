// Identity projection benchmark (admin import): how many IdentityCreated events (~1 KB each, one import batch id)
// per second the identity service's projection applies, a Kafka batch per transaction.
// (a) backlog: EVENTS events already on the topic when the service starts, timed from the consumer's group join
//     until POST /internal/await says the import is caught up;
// (b) live: the service runs first, then EVENTS events are published in batches of 1,000 (as flows' outbox relay
//     would during a PATCH /admin/identities import), timed from the first publish until caught up.
// Then it pages through GET /admin/identities (500 a page, the maximum) and prints how long seeing all of them takes.
// Run: source .run/infra.env && npx nx run @gatehouse/identity:build && npx nx run @gatehouse/testing:build &&
//      node bench/identity-projection.bench.mjs   (EVENTS=20000 PARTITIONS=3 by default)
// It starts the identity service in this process (built dist) on a scratch topic and a scratch schema.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Pool } from 'pg';
import { ScratchTopic, testInfra, uniqueName } from '@gatehouse/testing';

const require = createRequire(import.meta.url);
const { startIdentity } = require('../apps/identity/dist/app.js');
const { migrateIdentity } = require('../apps/identity/dist/migrate.js');
const { identityConfigSchema } = require('../apps/identity/dist/config.schema.js');

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const PARTITIONS = Number(process.env.PARTITIONS ?? 3);
const PUBLISH_BATCH = 1_000;

/** An IdentityCreated v1 of an import, about 1 KB on the wire. */
function identityCreated(importId, i) {
  const id = randomUUID();
  const email = `import.${i}.${id.slice(0, 8)}@example.com`;
  return {
    id: randomUUID(),
    type: 'IdentityCreated',
    version: 1,
    streamId: `identity:${id}`,
    streamVersion: 1,
    subject: id,
    occurredAt: new Date().toISOString(),
    data: {
      identity_id: id,
      schema_id: 'default',
      state: 'active',
      traits: { email, name: { first: 'Imported', last: `User ${i}` }, phone: '+4915112345678', locale: 'de-DE' },
      metadata_public: { plan: 'enterprise', seats: 25, region: 'eu-central' },
      metadata_admin: { crm_id: `CRM-${i}`, source: 'legacy-ldap', tags: ['imported', 'batch', 'benchmark'], notes: 'migrated from the previous identity provider' },
      external_id: `ext-${id}`,
      verifiable_addresses: [{ id: randomUUID(), value: email, via: 'email', verified: true, status: 'completed', verified_at: '2029-01-01T00:00:00.000Z' }],
      recovery_addresses: [{ id: randomUUID(), value: email, via: 'email' }],
      credentials: { password: { identifiers: [email], version: 0 } },
      actor: { type: 'admin', id: 'bench@example.com' },
      import_id: importId,
    },
  };
}

/** Pages through GET /admin/identities, following rel="next": the count and the seconds it took. */
async function listAll(url) {
  const started = Date.now();
  let count = 0;
  let next = `${url}/admin/identities?page_size=500`;
  while (next) {
    const res = await fetch(next);
    if (res.status !== 200) throw new Error(`GET /admin/identities answered ${res.status}`);
    count += (await res.json()).length;
    const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    next = link ? new URL(link, url).toString() : undefined;
  }
  return { count, seconds: (Date.now() - started) / 1000 };
}

async function publish(topic, events) {
  for (let i = 0; i < events.length; i += PUBLISH_BATCH) await topic.publish(...events.slice(i, i + PUBLISH_BATCH));
}

/** Waits through POST /internal/await until `count` IdentityCreated of the import are applied. */
async function caughtUp(url, importId, count) {
  for (;;) {
    const res = await fetch(`${url}/internal/await`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens: [`import:${importId}#${count}`], timeout_ms: 30_000 }),
    });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`/internal/await answered ${res.status}: ${JSON.stringify(body)}`);
    if (body.caught_up) return Date.now();
  }
}

/** One run on a new topic and schema; `live` publishes after the service joined its group. */
async function run(label, live) {
  const topic = new ScratchTopic('idbench');
  const infra = testInfra();
  const parsed = identityConfigSchema.parse({
    dsn: infra.dsn,
    database: { schema: uniqueName('idbench_schema') },
    kafka: { brokers: infra.kafkaBrokers, client_id: uniqueName('idbench'), group_id: uniqueName('idbench_group'), topic: topic.name },
  });
  const config = { ...parsed, serve: { ...parsed.serve, port: 0 } };
  await Promise.all([migrateIdentity(config), topic.create(PARTITIONS)]);
  const importId = randomUUID();
  const events = Array.from({ length: EVENTS }, (_, i) => identityCreated(importId, i));
  const bytes = events.reduce((sum, e) => sum + JSON.stringify(e.data).length, 0) / events.length;
  let service;
  try {
    if (!live) await publish(topic, events);
    service = await startIdentity(config, { logLevels: ['error'] });
    await service.consuming();
    const started = Date.now();
    const done = caughtUp(service.url, importId, EVENTS);
    if (live) await publish(topic, events);
    const finished = await done;
    const seconds = (finished - started) / 1000;
    console.log(`${label}: ${EVENTS} IdentityCreated (~${Math.round(bytes)} B data each, ${PARTITIONS} partitions) in ${seconds.toFixed(2)} s = ${Math.round(EVENTS / seconds)} events/s`);
    const listed = await listAll(service.url);
    if (listed.count !== EVENTS) throw new Error(`GET /admin/identities listed ${listed.count} identities, expected ${EVENTS}`);
    console.log(`  GET /admin/identities: all ${listed.count} listed (500 a page) in ${listed.seconds.toFixed(2)} s`);
    return EVENTS / seconds;
  } finally {
    await service?.close();
    const db = new Pool({ connectionString: infra.dsn, max: 1 });
    await db.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await db.end();
    await topic.delete([config.kafka.group_id]);
  }
}

async function main() {
  await run('backlog (consumer starts on a full topic)', false);
  await run('live (published in batches of 1,000 while consuming)', true);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
