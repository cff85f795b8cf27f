// Courier benchmark (issue 4): (a) recovery requests at a steady rate through the gateway, p50/p99 from the
// POST to the mail in the sink; (b) mails per second the notifier sustains with 1 and with 2 processes
// (a backlog of events published straight onto the topic, timed until the last mail arrives).
// Run: npm run bench:courier   (RATE=10 DURATION=20 MAILS=300; the infrastructure must be up)
import { Suite, identityRegistered, waitFor } from '@gatehouse/testing';
import { pct } from './load.mjs';

const RATE = Number(process.env.RATE ?? 10);
const DURATION_S = Number(process.env.DURATION ?? 20);
const MAILS = Number(process.env.MAILS ?? 300);
const PASSWORD = 'bench passphrase that is long enough';
const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'n/a');
const json = { 'content-type': 'application/json', accept: 'application/json' };

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: json, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Steady recovery (or, where recovery is not served, verification) requests; lag from the POST to the mail. */
async function requestLag(suite) {
  const base = suite.publicUrl;
  const kind = (await fetch(`${base}/self-service/recovery/api`)).status === 200 ? 'recovery' : 'verification';
  const total = RATE * DURATION_S;
  const emails = [];
  for (let i = 0; i < total; i++) {
    const email = `courier.${suite.id}.${i}@example.com`;
    const flow = await (await fetch(`${base}/self-service/registration/api`)).json();
    const r = await post(`${base}/self-service/registration?flow=${flow.id}`, { method: 'password', traits: { email }, password: PASSWORD });
    if (r.status !== 200) throw new Error(`registration answered ${r.status}`);
    emails.push(email);
  }
  await waitFor(() => emails.every((e) => suite.sink.mailsTo(e).length === 1), { timeoutMs: 120_000, what: 'the registration mails' });
  const sent = new Map();
  const begin = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      (async () => {
        const flow = await (await fetch(`${base}/self-service/${kind}/api`)).json();
        sent.set(emails[i], Date.now());
        const r = await post(`${base}/self-service/${kind}?flow=${flow.id}`, { method: 'code', email: emails[i] });
        if (r.status !== 200) throw new Error(`${kind} request answered ${r.status}`);
      })(),
    );
  }
  await Promise.all(inflight);
  await waitFor(() => emails.every((e) => suite.sink.mailsTo(e).length === 2), { timeoutMs: 120_000, what: `the ${kind} mails` });
  const lags = emails.map((e) => suite.sink.mailsTo(e)[1].receivedAt - sent.get(e));
  return { kind, total, p50: pct(lags, 50), p99: pct(lags, 99) };
}

/** A backlog of MAILS events on the topic at once; mails per second until the last one is in the sink. */
async function throughput(notifiers) {
  const suite = await new Suite({ notifiers }).start();
  try {
    const events = Array.from({ length: MAILS }, () => identityRegistered());
    const started = Date.now();
    for (let i = 0; i < events.length; i += 100) await suite.topic.publish(...events.slice(i, i + 100));
    await waitFor(() => suite.sink.mails.length >= MAILS, { timeoutMs: 300_000, intervalMs: 50, what: `${MAILS} mails` });
    const seconds = (Math.max(...suite.sink.mails.map((m) => m.receivedAt)) - started) / 1000;
    const duplicates = suite.sink.mails.length - new Set(suite.sink.mails.map((m) => m.to.join())).size;
    return { rate: MAILS / seconds, duplicates };
  } finally {
    await suite.stop();
  }
}

async function main() {
  const suite = await new Suite().start();
  let lag;
  try {
    lag = await requestLag(suite);
  } finally {
    await suite.stop();
  }
  const one = await throughput(1);
  const two = await throughput(2);
  console.log(`\ncourier (${lag.total} ${lag.kind} requests at ${RATE}/s; ${MAILS} queued mails per throughput run)`);
  console.log(`  POST → mail in sink         p50 ${fmt(lag.p50)}   p99 ${fmt(lag.p99)}`);
  console.log(`  mails/s, 1 notifier         ${one.rate.toFixed(1)}   duplicates ${one.duplicates}`);
  console.log(`  mails/s, 2 notifiers        ${two.rate.toFixed(1)}   duplicates ${two.duplicates}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
