import { randomUUID } from 'node:crypto';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { IdentityDeleted, toKafkaRecord } from '@gatehouse/contracts';
import { ConsumedBatch, EventConsumer, EventConsumerOptions } from './consumer';

/** A kafkajs stand-in: captures what run() is given and lets the test play a fetched batch through it. */
function fakeKafka() {
  const captured: { run?: Record<string, unknown> } = {};
  const consumer = {
    events: { CRASH: 'crash', STOP: 'stop', GROUP_JOIN: 'join', FETCH: 'fetch', HEARTBEAT: 'heartbeat' },
    on: (event: string, listener: () => void) => {
      if (event === 'join') setImmediate(listener);
      return () => undefined;
    },
    connect: async () => undefined,
    subscribe: async () => undefined,
    disconnect: async () => undefined,
    run: async (config: Record<string, unknown>) => void (captured.run = config),
  };
  return { kafka: { consumer: () => consumer } as unknown as Kafka, captured };
}

function record(offset: number): KafkaMessage {
  const id = randomUUID();
  const r = toKafkaRecord({
    id: randomUUID(),
    type: IdentityDeleted.V1.name,
    version: 1,
    streamId: `identity:${id}`,
    streamVersion: 2,
    subject: id,
    occurredAt: '2030-01-01T00:00:00.000Z',
    data: { identity_id: id, actor: { type: 'admin' } },
  });
  return { key: Buffer.from(r.key), value: Buffer.from(r.value), headers: r.headers, offset: String(offset), timestamp: '0', attributes: 0 };
}

function broken(offset: number): KafkaMessage {
  return { key: null, value: Buffer.from('{}'), headers: {}, offset: String(offset), timestamp: '0', attributes: 0 };
}

/** Plays one fetched batch through the consumer's eachBatch; records resolved offsets and heartbeats. */
async function play(messages: KafkaMessage[], options: Partial<EventConsumerOptions> & Pick<EventConsumerOptions, 'handleBatch'>, stale = () => false) {
  const { kafka, captured } = fakeKafka();
  const violations: string[] = [];
  const consumer = new EventConsumer(kafka, { groupId: 'g', topics: ['t'], onViolation: (_e, where) => void violations.push(where.offset), ...options } as EventConsumerOptions);
  await consumer.start();
  const resolved: string[] = [];
  let heartbeats = 0;
  const payload = {
    batch: { topic: 't', partition: 2, messages },
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: async () => void heartbeats++,
    isRunning: () => true,
    isStale: stale,
  } as unknown as EachBatchPayload;
  const run = captured.run as { eachBatch: (p: EachBatchPayload) => Promise<void>; eachBatchAutoResolve: boolean; eachMessage?: unknown };
  expect(run.eachBatchAutoResolve).toBe(false);
  expect(run.eachMessage).toBeUndefined();
  const outcome = await run.eachBatch(payload).then(
    () => undefined,
    (e: Error) => e,
  );
  return { resolved, heartbeats, violations, outcome };
}

describe('EventConsumer in batch mode (kafkajs eachBatch)', () => {
  it('hands a fetched batch over in runs of at most maxBatchSize, in offset order, resolving each run once handled', async () => {
    const calls: ConsumedBatch[] = [];
    const messages = [0, 1, 2, 3, 4].map(record);
    const { resolved, heartbeats } = await play(messages, { handleBatch: async (b) => void calls.push(b), maxBatchSize: 2 });
    expect(calls.map((c) => c.events.map((e) => e.offset))).toEqual([['0', '1'], ['2', '3'], ['4']]);
    expect(calls.map((c) => c.lastOffset)).toEqual(['1', '3', '4']);
    expect(calls[0]).toMatchObject({ topic: 't', partition: 2 });
    expect(calls[0].events[0].event.type).toBe('IdentityDeleted');
    expect(resolved).toEqual(['1', '3', '4']);
    expect(heartbeats).toBe(3);
  });

  it('skips off-contract records (reported to onViolation) and still resolves past them', async () => {
    const calls: ConsumedBatch[] = [];
    const { resolved, violations } = await play([record(7), broken(8), broken(9)], { handleBatch: async (b) => void calls.push(b) });
    expect(calls.map((c) => c.events.map((e) => e.offset))).toEqual([['7']]);
    expect(calls[0].lastOffset).toBe('9');
    expect(violations).toEqual(['8', '9']);
    expect(resolved).toEqual(['9']);
  });

  it('a run of off-contract records only is resolved without calling the handler', async () => {
    const calls: ConsumedBatch[] = [];
    const { resolved } = await play([broken(3)], { handleBatch: async (b) => void calls.push(b) });
    expect(calls).toEqual([]);
    expect(resolved).toEqual(['3']);
  });

  it('a failing handler leaves its run unresolved (kafkajs delivers it again); the runs before stay resolved', async () => {
    let call = 0;
    const failure = new Error('database is away');
    const { resolved, outcome } = await play([0, 1, 2, 3].map(record), {
      maxBatchSize: 2,
      handleBatch: async () => {
        if (++call === 2) throw failure;
      },
    });
    expect(outcome).toBe(failure);
    expect(resolved).toEqual(['1']);
  });

  it('stops handing runs over once the partition is taken away (stale after a rebalance or seek)', async () => {
    const calls: ConsumedBatch[] = [];
    let stale = false;
    const { resolved } = await play(
      [0, 1, 2, 3].map(record),
      {
        maxBatchSize: 2,
        handleBatch: async (b) => {
          calls.push(b);
          stale = true;
        },
      },
      () => stale,
    );
    expect(calls).toHaveLength(1);
    expect(resolved).toEqual(['1']);
  });

  it('without handleBatch it still consumes one record at a time (eachMessage)', async () => {
    const { kafka, captured } = fakeKafka();
    const handled: string[] = [];
    await new EventConsumer(kafka, { groupId: 'g', topics: ['t'], handle: async (c) => void handled.push(c.offset) }).start();
    const run = captured.run as { eachMessage: (p: unknown) => Promise<void>; eachBatch?: unknown };
    expect(run.eachBatch).toBeUndefined();
    await run.eachMessage({ topic: 't', partition: 0, message: record(5) });
    expect(handled).toEqual(['5']);
  });
});
