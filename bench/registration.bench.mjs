// Registration pipeline benchmark: drives native registrations through the gateway at a steady rate and prints
// registrations/s, POST latency, commit → identity read-model row lag and commit → mail-in-sink lag.
// Run: npm run bench   (RATE=20 DURATION=30 by default; the infrastructure must be up: npm run infra:up)
// It starts its own copy of the four services (built dist) with an in-process SMTP sink, like the e2e suite.
import { Pool } from 'pg';
import { Suite, testInfra, waitFor } from '@gatehouse/testing';

const RATE = Number(process.env.RATE ?? 20);
const DURATION_S = Number(process.env.DURATION ?? 30);
const PASSWORD = 'bench passphrase that is long enough';

const pct = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');

async function register(suite, i) {
  const email = `bench.${suite.id}.${i}@example.com`;
  const flow = await (await fetch(`${suite.publicUrl}/self-service/registration/api`)).json();
  const started = performance.now();
  const res = await fetch(`${suite.publicUrl}/self-service/registration?flow=${flow.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ method: 'password', traits: { email }, password: PASSWORD }),
  });
  const body = await res.json();
  // the transaction committed just before the answer left flows: the answer's arrival is the commit time
  // (within the ~1 ms the answer takes); created_at is the decision time, before the password was hashed
  const committedAt = Date.now();
  const latency = performance.now() - started;
  if (res.status !== 200) throw new Error(`registration ${i} answered ${res.status}: ${JSON.stringify(body)}`);
  return { id: body.identity.id, email, committedAt, latency };
}

async function main() {
  const suite = await new Suite().start();
  const db = new Pool({ connectionString: testInfra().dsn, max: 2 });
  const results = [];
  const rowSeen = new Map();
  let watching = true;
  // One query every 5 ms for all pending identities: the first time a row shows up is when it was projected.
  const watcher = (async () => {
    while (watching || results.some((r) => !rowSeen.has(r.id))) {
      const pending = results.filter((r) => !rowSeen.has(r.id)).map((r) => r.id);
      if (pending.length > 0) {
        const found = await db.query(`SELECT id FROM "${suite.id}_identity".identities WHERE id = ANY($1)`, [pending]);
        const now = Date.now();
        for (const row of found.rows) rowSeen.set(row.id, now);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  try {
    const total = RATE * DURATION_S;
    const begin = performance.now();
    const inflight = [];
    for (let i = 0; i < total; i++) {
      const due = begin + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(register(suite, i).then((r) => results.push(r)));
    }
    await Promise.all(inflight);
    const elapsedS = (performance.now() - begin) / 1000;
    await waitFor(() => results.every((r) => rowSeen.has(r.id)), { timeoutMs: 60_000, what: 'every row in the read model' });
    await waitFor(() => results.every((r) => suite.sink.mailsTo(r.email).length > 0), { timeoutMs: 60_000, what: 'every mail in the sink' });
    watching = false;
    await watcher;

    const latencies = results.map((r) => r.latency);
    const rowLag = results.map((r) => rowSeen.get(r.id) - r.committedAt);
    const mailLag = results.map((r) => suite.sink.mailsTo(r.email)[0].receivedAt - r.committedAt);
    const duplicates = results.filter((r) => suite.sink.mailsTo(r.email).length > 1).length;
    console.log(`\nregistration pipeline, ${RATE}/s for ${DURATION_S} s (${results.length} registrations, argon2id m=19456 t=2 p=1)`);
    console.log(`  registrations/s          ${(results.length / elapsedS).toFixed(1)}`);
    console.log(`  POST latency             p50 ${fmt(pct(latencies, 50))}   p99 ${fmt(pct(latencies, 99))}`);
    console.log(`  commit → read-model row  p50 ${fmt(pct(rowLag, 50))}   p99 ${fmt(pct(rowLag, 99))}   (target p99 < 100 ms; 5 ms polling)`);
    console.log(`  commit → mail in sink    p50 ${fmt(pct(mailLag, 50))}   p99 ${fmt(pct(mailLag, 99))}   (target p99 < 1000 ms)`);
    console.log(`  duplicate mails          ${duplicates}`);
  } finally {
    watching = false;
    await watcher.catch(() => undefined);
    await db.end();
    await suite.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
