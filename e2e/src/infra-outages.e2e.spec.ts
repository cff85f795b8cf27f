import { PrivateInfra, Suite, expectKratosShape, uniqueName, waitFor } from '@gatehouse/testing';

const PASSWORD = 'an outage-proof passphrase 42';
const SERVICES = ['flows', 'identity', 'notifier', 'gateway'] as const;

async function json(res: Response): Promise<any> {
  return res.json();
}

/** The fault itself lasts this long: a chosen duration, not a wait for something to happen. */
async function outageOf(ms: number, since: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - (Date.now() - since))));
}

/** One figure per fault for the record (what was injected, what was measured). */
function report(fault: string, figures: Record<string, number | string>): void {
  process.stdout.write(`[fault] ${fault}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
}

/** The suite on a Postgres, Kafka and Redis of its own (scripts/infra.sh with INFRA_HOME and its own ports),
 * which the tests stop and start with the same script while the services run. No service is ever restarted:
 * each must heal by itself, and the same processes must serve afterwards. */
describe('the suite heals itself after outages of its infrastructure', () => {
  const infra = new PrivateInfra(uniqueName('outage'));
  let suite: Suite;
  let pids: Record<string, number[]>;

  beforeAll(async () => {
    await infra.up();
    suite = new Suite({ infra: infra.infra });
    await suite.start();
    pids = Object.fromEntries(SERVICES.map((s) => [s, suite.pids(s)]));
  }, 240_000);

  // a failed test must not leave its fault behind for the next one (start is a no-op for a running service)
  afterEach(async () => {
    for (const service of ['postgres', 'redis', 'kafka'] as const) await infra.start(service);
  }, 120_000);

  afterAll(async () => {
    try {
      await suite?.stop();
    } finally {
      await infra.down(); // whatever happened above: no private Postgres, Kafka or Redis outlives the test
    }
  }, 90_000);

  const ready = async (port: number): Promise<number> => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status;
  const allReady = async () => (await Promise.all([suite.ports.flows, suite.ports.identity, suite.ports.notifier].map(ready))).every((s) => s === 200);
  const samePids = () => expect(Object.fromEntries(SERVICES.map((s) => [s, suite.pids(s)]))).toEqual(pids);

  async function register(tag: string): Promise<{ status: number; body: any; email: string }> {
    const email = `${tag}.${suite.id}@example.com`;
    const flow = await fetch(`${suite.publicUrl}/self-service/registration/api`);
    if (flow.status !== 200) return { status: flow.status, body: await json(flow), email };
    const res = await fetch(`${suite.publicUrl}/self-service/registration?flow=${(await json(flow)).id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ method: 'password', traits: { email }, password: PASSWORD }),
    });
    return { status: res.status, body: await json(res), email };
  }

  /** The identity reaches the read model (admin port, served by identity) and its verification mail arrives. */
  async function delivered(registered: { body: any; email: string }, timeoutMs: number): Promise<void> {
    await waitFor(async () => (await fetch(`${suite.adminUrl}/admin/identities/${registered.body.identity.id}`)).status === 200, { timeoutMs, what: `${registered.email} in the read model` });
    await suite.sink.waitForMail(registered.email, timeoutMs);
  }

  it('a Kafka outage of 20 s: registrations commit meanwhile; consumers report unready, then rejoin by themselves and catch up', async () => {
    await delivered(await register('before-kafka'), 20_000);
    await infra.stop('kafka');
    const stoppedAt = Date.now();
    const during = await register('during-kafka');
    expect(during.status).toBe(200); // the outbox holds the events
    // the consumers notice: readiness says so (a pod that never recovers must at least stop saying it is fine)
    await waitFor(async () => (await ready(suite.ports.identity)) === 503 && (await ready(suite.ports.notifier)) === 503, { timeoutMs: 30_000, what: 'identity and notifier unready' });
    // flows keeps serving (ready), and says why events wait in its outbox
    const flowsReady = await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${suite.ports.flows}/health/ready`);
        const body = await json(res);
        return body.degraded?.kafka ? { status: res.status, body } : undefined;
      },
      { timeoutMs: 10_000, what: 'flows to report kafka degraded' },
    );
    expect(flowsReady).toEqual({ status: 200, body: { status: 'ok', degraded: { kafka: expect.stringContaining('events wait in the outbox') } } });
    await outageOf(20_000, stoppedAt);
    await infra.start('kafka');
    const backAt = Date.now();

    await delivered(during, 60_000);
    const caughtUp = Date.now() - backAt;
    await waitFor(allReady, { timeoutMs: 30_000, what: 'every service ready again' });
    const after = await register('after-kafka');
    expect(after.status).toBe(200);
    await delivered(after, 15_000);
    samePids();
    report('kafka stopped 20 s', { backlog_delivered_ms_after_return: caughtUp, ready_ms_after_return: Date.now() - backAt });
  });

  it('a Postgres outage of 10 s: the public API answers 503 quickly in Kratos’s envelope, and serves again by itself', async () => {
    await infra.stop('postgres');
    const stoppedAt = Date.now();
    const started = Date.now();
    const res = await fetch(`${suite.publicUrl}/self-service/registration/api`);
    const answeredMs = Date.now() - started;
    expect(res.status).toBe(503);
    const body = await json(res);
    expectKratosShape('errorGeneric', body);
    expect(body.error).toMatchObject({ code: 503, status: 'Service Unavailable' });
    expect(answeredMs).toBeLessThan(10_000); // bounded by the pool's connect timeout, never a hang
    await waitFor(async () => (await ready(suite.ports.flows)) === 503 && (await ready(suite.ports.identity)) === 503, { timeoutMs: 10_000, what: 'flows and identity unready' });
    await outageOf(10_000, stoppedAt);
    const late = await fetch(`${suite.publicUrl}/self-service/registration/api`);
    expect(late.status).toBe(503); // still the envelope, still the same process, at the end of the outage
    await infra.start('postgres');
    const backAt = Date.now();

    const after = await waitFor(async () => {
      const r = await register('after-postgres');
      return r.status === 200 ? r : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200, what: 'a registration after Postgres returned' });
    const servedMs = Date.now() - backAt;
    await delivered(after, 20_000);
    await waitFor(allReady, { timeoutMs: 30_000, what: 'every service ready again' });
    samePids();
    report('postgres stopped 10 s (pg_ctl -m fast)', { outage_answer_ms: answeredMs, serves_again_ms_after_return: servedMs });
  });

  it('a Redis outage of 10 s: mails wait, the notifier reports unready, and the mail goes out once Redis is back', async () => {
    await infra.stop('redis');
    const stoppedAt = Date.now();
    await waitFor(async () => (await ready(suite.ports.notifier)) === 503, { timeoutMs: 20_000, what: 'notifier unready' });
    const during = await register('during-redis');
    expect(during.status).toBe(200);
    await outageOf(10_000, stoppedAt);
    await infra.start('redis');
    const backAt = Date.now();
    await delivered(during, 60_000);
    const mailMs = Date.now() - backAt;
    await waitFor(allReady, { timeoutMs: 30_000, what: 'every service ready again' });
    expect(suite.sink.mailsTo(during.email)).toHaveLength(1);
    samePids();
    report('redis stopped 10 s', { mail_ms_after_return: mailMs });
  });
});
