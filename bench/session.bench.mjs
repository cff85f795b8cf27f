// Login and whoami benchmark (issue 3): (a) password logins/s through the gateway next to the bare argon2id
// hash rate measured in the same run (ratio target ≥ 0.85); (b) whoami requests/s and p99 at a fixed
// 1,000 req/s next to a bare Node http hello-world (target: whoami ≥ 0.4× hello-world, p99 < 10 ms).
// Run: npm run bench:session   (the infrastructure must be up: npm run infra:up)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Algorithm, hash } from '@node-rs/argon2';
import { Suite } from '@gatehouse/testing';
import { closedLoop, openLoop } from './load.mjs';

const SECONDS = Number(process.env.SECONDS ?? 10);
const PASSWORD = 'bench passphrase that is long enough';
const fmt = (n, unit = '') => (Number.isFinite(n) ? `${n.toFixed(1)}${unit}` : 'n/a');

async function bareHashRate(seconds) {
  const parallel = availableParallelism();
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        await hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function helloWorld() {
  const child = spawn(process.execPath, ['-e', "require('http').createServer((q,s)=>s.end('hello')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  return { origin: `http://127.0.0.1:${String(line).trim()}`, stop: () => child.kill() };
}

async function main() {
  const suite = await new Suite().start();
  try {
    const origin = suite.publicUrl;
    const email = `bench.${suite.id}@example.com`;
    const json = { 'content-type': 'application/json', accept: 'application/json' };
    const reg = await (await fetch(`${origin}/self-service/registration/api`)).json();
    const registered = await (await fetch(`${origin}/self-service/registration?flow=${reg.id}`, { method: 'POST', headers: json, body: JSON.stringify({ method: 'password', traits: { email }, password: PASSWORD }) })).json();
    const token = registered.session_token;

    // (a) logins/s: each login is a flow GET plus a POST that verifies one argon2id hash
    const hashRate = await bareHashRate(SECONDS);
    let logins = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (performance.now() < deadline) {
          const flow = await (await fetch(`${origin}/self-service/login/api`)).json();
          const res = await fetch(`${origin}/self-service/login?flow=${flow.id}`, { method: 'POST', headers: json, body: JSON.stringify({ method: 'password', identifier: email, password: PASSWORD }) });
          if (res.status !== 200) throw new Error(`login answered ${res.status}`);
          await res.arrayBuffer();
          logins++;
        }
      }),
    );
    const loginRate = logins / ((performance.now() - started) / 1000);

    // (b) whoami against a bare hello-world, same load tool, same machine, same run
    const hello = await helloWorld();
    const helloMax = await closedLoop(hello.origin, { method: 'GET', path: '/' }, { seconds: SECONDS });
    hello.stop();
    const whoami = { method: 'GET', path: '/sessions/whoami', headers: { 'x-session-token': token } };
    const whoamiMax = await closedLoop(origin, whoami, { seconds: SECONDS });
    const whoamiFixed = await openLoop(origin, whoami, { rate: 1000, seconds: SECONDS });

    console.log(`\nlogin and whoami through the gateway (${SECONDS} s per measurement, ${availableParallelism()} cores)`);
    console.log(`  bare argon2id hashes/s (m=19456 t=2 p=1)   ${fmt(hashRate)}`);
    console.log(`  password logins/s                          ${fmt(loginRate)}   ratio ${fmt(loginRate / hashRate)} (target ≥ 0.85)`);
    console.log(`  hello-world req/s (bare node http)         ${fmt(helloMax.rps)}`);
    console.log(`  whoami req/s (closed loop)                 ${fmt(whoamiMax.rps)}   ratio ${fmt(whoamiMax.rps / helloMax.rps)} (target ≥ 0.4), errors ${whoamiMax.errors}`);
    console.log(`  whoami at 1,000 req/s                      p50 ${fmt(whoamiFixed.p50, ' ms')}   p99 ${fmt(whoamiFixed.p99, ' ms')} (target < 10 ms), errors ${whoamiFixed.errors}`);
  } finally {
    await suite.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
