// Import benchmark (issue 5): 100,000 identities with pre-computed bcrypt hashes through
// PATCH /admin/identities on the admin port, in batches of 1,000. Prints identities/s accepted, the time
// until all of them are visible in GET /admin/identities, and the peak memory (VmHWM) of each service.
// Target on our 2-core machines: all accepted and visible in under 120 s.
// Run: npm run bench:import   (TOTAL=100000 BATCH=1000 CONCURRENCY=2 HASHES=1000; the infrastructure must be up)
import { readFileSync } from 'node:fs';
import * as bcrypt from '@node-rs/bcrypt';
import { Suite } from '@gatehouse/testing';
import { pct } from './load.mjs';

const TOTAL = Number(process.env.TOTAL ?? 100_000);
const BATCH = Number(process.env.BATCH ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 2);
// distinct hashes, reused round-robin (hashing 100,000 of them would dominate the benchmark's own run time)
const HASHES = Number(process.env.HASHES ?? 1000);
const json = { 'content-type': 'application/json', accept: 'application/json' };

function peakMemoryMiB(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** Pages through GET /admin/identities and counts what it sees. */
async function countVisible(adminUrl) {
  let count = 0;
  let next = `${adminUrl}/admin/identities?page_size=1000`;
  while (next) {
    const res = await fetch(next, { headers: json });
    if (res.status !== 200) throw new Error(`GET /admin/identities answered ${res.status}`);
    count += (await res.json()).length;
    const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    next = link ? new URL(link, adminUrl).toString() : undefined;
  }
  return count;
}

async function main() {
  const hashes = await Promise.all(Array.from({ length: HASHES }, (_, i) => bcrypt.hash(`imported password ${i}`, 4)));
  const suite = await new Suite().start();
  try {
    const batches = [];
    for (let b = 0; b * BATCH < TOTAL; b++) {
      batches.push(
        Array.from({ length: Math.min(BATCH, TOTAL - b * BATCH) }, (_, i) => {
          const n = b * BATCH + i;
          return {
            patch_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            create: {
              schema_id: 'default',
              traits: { email: `import.${n}.${suite.id}@example.com` },
              credentials: { password: { config: { hashed_password: hashes[n % HASHES] } } },
            },
          };
        }),
      );
    }
    let accepted = 0;
    let refused = 0;
    const latencies = [];
    const started = performance.now();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < batches.length) {
          const identities = batches[cursor++];
          const sent = performance.now();
          const res = await fetch(`${suite.adminUrl}/admin/identities`, { method: 'PATCH', headers: json, body: JSON.stringify({ identities }) });
          const body = await res.json();
          latencies.push(performance.now() - sent);
          if (res.status !== 200) throw new Error(`PATCH /admin/identities answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
          for (const item of body.identities) item.action === 'create' ? accepted++ : refused++;
        }
      }),
    );
    const acceptedSeconds = (performance.now() - started) / 1000;
    let visible = 0;
    while ((visible = await countVisible(suite.adminUrl)) < accepted) {
      if (performance.now() - started > 600_000) throw new Error(`only ${visible} of ${accepted} visible after 600 s`);
    }
    const visibleSeconds = (performance.now() - started) / 1000;
    console.log(`import: ${TOTAL} identities in batches of ${BATCH} (${CONCURRENCY} requests at a time, bcrypt cost 4, ${HASHES} distinct hashes)`);
    console.log(`  accepted        ${accepted} (refused ${refused}) in ${acceptedSeconds.toFixed(1)} s = ${(accepted / acceptedSeconds).toFixed(0)} identities/s`);
    console.log(`  one batch       p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms (PATCH to answer, read-your-writes wait included)`);
    console.log(`  all visible     ${visible} in GET /admin/identities after ${visibleSeconds.toFixed(1)} s (target < 120 s: ${visibleSeconds < 120 && visible >= TOTAL ? 'met' : 'NOT met'})`);
    for (const s of suite.services) console.log(`  peak memory     ${s.name.padEnd(9)} ${peakMemoryMiB(s.process.pid).toFixed(0)} MiB`);
  } finally {
    await suite.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
