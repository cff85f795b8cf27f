import type { Kafka } from 'kafkajs';
import { EventConsumer, Supervision } from './consumer';

type Listener = (e?: unknown) => void;

/** A kafkajs stand-in whose consumers can be made to fail to connect, join, crash or stop, one by one. */
function scriptedKafka(failConnects = 0) {
  const consumers: Array<{ emit(event: string, payload?: unknown): void; disconnected: boolean; ran: boolean }> = [];
  let connects = 0;
  const kafka = {
    consumer: () => {
      const listeners = new Map<string, Listener[]>();
      const handle = {
        disconnected: false,
        ran: false,
        emit(event: string, payload?: unknown) {
          for (const l of listeners.get(event) ?? []) l(payload);
        },
      };
      consumers.push(handle);
      return {
        events: { CRASH: 'crash', STOP: 'stop', GROUP_JOIN: 'join', FETCH: 'fetch', HEARTBEAT: 'heartbeat', COMMIT_OFFSETS: 'commit', START_BATCH_PROCESS: 'sbp', END_BATCH_PROCESS: 'ebp' },
        on: (event: string, listener: Listener) => {
          listeners.set(event, [...(listeners.get(event) ?? []), listener]);
          return () => undefined;
        },
        connect: async () => {
          if (connects++ < failConnects) throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19092');
        },
        subscribe: async () => undefined,
        run: async () => void (handle.ran = true),
        disconnect: async () => {
          handle.disconnected = true;
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, consumers };
}

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const options = { groupId: 'g', topics: ['t'], handle: async () => undefined };
const fast = { maxBackoffMs: 10 };

/** A supervised consumer whose first kafkajs consumer has joined its group. */
async function joined(supervision: Supervision) {
  const { kafka, consumers } = scriptedKafka();
  const consumer = new EventConsumer(kafka, options, supervision);
  const started = consumer.start();
  await until(() => consumers[0]?.ran === true);
  consumers[0].emit('join');
  await started;
  return { consumers, consumer };
}

describe('EventConsumer supervision', () => {
  it('keeps trying to connect while the broker is away and runs once it answers', async () => {
    const { kafka, consumers } = scriptedKafka(3);
    const warnings: string[] = [];
    const consumer = new EventConsumer(kafka, options, { ...fast, log: { info: () => undefined, warn: (m) => void warnings.push(m) } });
    const started = consumer.start();
    await until(() => consumers.length === 4 && consumers[3].ran);
    expect(consumer.isRunning).toBe(false);
    consumers[3].emit('join');
    await started;
    expect(consumer.isRunning).toBe(true);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/could not start \(Connection error.*\); restarting in \d+ ms/);
    await consumer.stop();
  });

  it('replaces a consumer that kafkajs reports as crashed, and readiness follows', async () => {
    const { consumers, consumer } = await joined(fast);
    consumers[0].emit('crash', { payload: { error: new Error('The group coordinator is not available'), restart: false } });
    await until(() => consumers.length === 2 && consumers[1].ran);
    expect(consumers[0].disconnected).toBe(true);
    expect(consumer.isRunning).toBe(false);
    consumers[1].emit('join');
    expect(consumer.isRunning).toBe(true);
    await consumer.stop();
  });

  it('replaces a consumer that stopped without being asked to', async () => {
    const { consumers, consumer } = await joined(fast);
    consumers[0].emit('stop');
    await until(() => consumers.length === 2);
    await consumer.stop();
  });

  it('counts silence as death: no fetch or heartbeat turns isRunning false, and a stuck consumer is replaced', async () => {
    const { consumers, consumer } = await joined({ ...fast, staleAfterMs: 30, stuckAfterMs: 80 });
    expect(consumer.isRunning).toBe(true);
    await until(() => !consumer.isRunning);
    await until(() => consumers.length === 2, 2_000);
    await consumer.stop();
  });

  it('stop() ends supervision for good, even while a start is pending', async () => {
    const { kafka, consumers } = scriptedKafka(1_000);
    const consumer = new EventConsumer(kafka, options, fast);
    const started = consumer.start();
    await until(() => consumers.length >= 2);
    await consumer.stop();
    await started;
    const count = consumers.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(consumers.length).toBe(count);
    expect(consumer.isRunning).toBe(false);
  });
});
