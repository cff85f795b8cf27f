// Small load tools for the benchmarks: a closed loop (how fast can it go) and an open loop at a fixed
// rate (latency under a steady load). Keep-alive connections through undici.
import { Pool } from 'undici';

export const pct = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** As many requests as `connections` parallel clients can make in `seconds`: requests/s and latencies. */
export async function closedLoop(origin, request, { seconds = 10, connections = 32 } = {}) {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const res = await pool.request(request);
        await res.body.dump();
        if (res.statusCode >= 400) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return { rps: latencies.length / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), errors, count: latencies.length };
}

/** `rate` requests per second for `seconds`, each started on schedule whatever the previous ones do. */
export async function openLoop(origin, request, { rate = 1000, seconds = 10, connections = 64 } = {}) {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const latencies = [];
  let errors = 0;
  const total = rate * seconds;
  const begin = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      pool.request(request).then(async (res) => {
        await res.body.dump();
        if (res.statusCode >= 400) errors++;
        // measured from the scheduled start, so queueing in the client counts too (no coordinated omission)
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - begin) / 1000;
  await pool.close();
  return { rps: latencies.length / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), errors, count: latencies.length };
}
