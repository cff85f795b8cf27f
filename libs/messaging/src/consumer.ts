import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { ContractViolation, EventEnvelope, fromKafkaRecord } from '@gatehouse/contracts';

export interface ConsumedEvent {
  event: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
}

/** A run of consecutive records of one partition, in offset order. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  /** The records that keep their contract (the others went to onViolation), in offset order. */
  events: ConsumedEvent[];
  /** The offset of the last record of the run (a skipped one included). */
  lastOffset: string;
  /** Tells the group this member is alive; call it during long work on one batch. */
  heartbeat(): Promise<void>;
}

interface CommonOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts; projections replay from the beginning. */
  fromBeginning?: boolean;
  /** How many partitions are handled at the same time (order holds within a partition, i.e. per key). */
  partitionsConcurrently?: number;
  /** Called for records that break the contract; they are skipped, never retried forever. */
  onViolation?: (error: ContractViolation, where: { topic: string; partition: number; offset: string }) => void;
}

/** One record at a time. */
export interface EachEventOptions extends CommonOptions {
  handle: (consumed: ConsumedEvent) => Promise<void>;
  handleBatch?: never;
}

/** Runs of records (kafkajs eachBatch): one call per run of at most `maxBatchSize` records of one partition;
 * the run's offsets are resolved once the call returns, and committed after the fetched batch. */
export interface EachBatchOptions extends CommonOptions {
  handleBatch: (batch: ConsumedBatch) => Promise<void>;
  /** At most this many records per handleBatch call (default 1000). */
  maxBatchSize?: number;
  handle?: never;
}

export type EventConsumerOptions = EachEventOptions | EachBatchOptions;

const DEFAULT_MAX_BATCH_SIZE = 1000;

/** How the consumer keeps itself alive; every field has a default suited to a live service. */
export interface Supervision {
  /** The longest wait between two attempts to (re)start after a failure (default 5 s). */
  maxBackoffMs?: number;
  /** isRunning turns false when the consumer showed no sign of life (fetch, heartbeat, commit) for this long (default 15 s). */
  staleAfterMs?: number;
  /** A consumer with no sign of life for this long is replaced, as if it had crashed (default 60 s). */
  stuckAfterMs?: number;
  /** Where state changes are told (a lost consumer, a rejoin); silent by default. */
  log?: { info(message: string): void; warn(message: string): void };
}

const SIGNS_OF_LIFE = ['GROUP_JOIN', 'FETCH', 'HEARTBEAT', 'COMMIT_OFFSETS', 'START_BATCH_PROCESS', 'END_BATCH_PROCESS'] as const;

/** Consumes CloudEvents records, parses each against its versioned contract, and hands typed events over,
 * one by one (`handle`) or in runs per partition (`handleBatch`).
 * A handler that throws makes kafkajs retry from the first unresolved record (at-least-once); handlers must be idempotent.
 * It supervises itself: a kafkajs consumer that cannot connect, crashes, stops on its own or goes silent is
 * replaced by a new one, with backoff, for as long as the process lives; the new one resumes from the group's
 * committed offsets. Only stop() ends it. */
export class EventConsumer {
  private readonly supervision: Required<Omit<Supervision, 'log'>> & Pick<Supervision, 'log'>;
  private current?: Consumer;
  private supervisor?: Promise<void>;
  private firstJoin?: Promise<void>;
  private joined?: () => void;
  private running = false;
  private stopping = false;
  private busy = 0;
  private lastSign = 0;
  private cancelWait?: () => void;
  private endCurrent?: (why: string) => void;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventConsumerOptions,
    supervision: Supervision = {},
  ) {
    this.supervision = { maxBackoffMs: 5_000, staleAfterMs: 15_000, stuckAfterMs: 60_000, ...supervision };
  }

  /** True while a consumer is in its group and shows signs of life (fetches, heartbeats, a handler at work). */
  get isRunning(): boolean {
    return this.running && (this.busy > 0 || Date.now() - this.lastSign < this.supervision.staleAfterMs);
  }

  /** Starts supervising (once); resolves when the first consumer has joined its group, or on stop().
   * Callers that must not wait for Kafka (a service booting during an outage) need not await it. */
  start(): Promise<void> {
    if (!this.supervisor) {
      this.stopping = false;
      this.firstJoin = new Promise<void>((resolve) => (this.joined = resolve));
      this.supervisor = this.supervise();
    }
    return this.firstJoin as Promise<void>;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.running = false;
    this.joined?.();
    this.cancelWait?.();
    this.endCurrent?.('stopped on request');
    await this.current?.disconnect().catch(() => undefined);
    await this.supervisor;
    this.supervisor = undefined;
  }

  private async supervise(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      const startedAt = Date.now();
      let why: string;
      try {
        why = await this.runOnce();
      } catch (e) {
        why = `could not start (${(e as Error).message})`;
      }
      if (this.stopping) return;
      if (Date.now() - startedAt > this.supervision.stuckAfterMs) attempt = 0;
      const delay = Math.min(250 * 2 ** attempt, this.supervision.maxBackoffMs);
      this.supervision.log?.warn(`consumer of ${this.options.topics.join(',')} (group ${this.options.groupId}) ${why}; restarting in ${delay} ms`);
      await this.wait(delay);
    }
  }

  /** One kafkajs consumer's life: connect, subscribe, run; resolves with the reason it ended. */
  private async runOnce(): Promise<string> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
      // kafkajs never restarts on its own: this class replaces a crashed consumer itself.
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5, restartOnFailure: async () => false },
    });
    this.current = consumer;
    const ended = new Promise<string>((resolve) => {
      this.endCurrent = resolve;
      consumer.on(consumer.events.CRASH, (e) => resolve(`crashed (${e.payload.error?.message ?? 'unknown error'})`));
      consumer.on(consumer.events.STOP, () => resolve('stopped'));
    });
    for (const sign of SIGNS_OF_LIFE) consumer.on(consumer.events[sign], () => void (this.lastSign = Date.now()));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!this.running) this.supervision.log?.info(`consuming ${this.options.topics.join(',')} as group ${this.options.groupId}`);
      this.running = true;
      this.joined?.();
    });
    const watchdog = setInterval(() => {
      if (this.busy === 0 && this.lastSign > 0 && Date.now() - this.lastSign > this.supervision.stuckAfterMs) {
        this.endCurrent?.(`showed no sign of life for ${this.supervision.stuckAfterMs} ms`);
      }
    }, Math.min(5_000, this.supervision.stuckAfterMs));
    watchdog.unref?.();
    try {
      this.lastSign = Date.now();
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
      await this.run(consumer);
      return await ended;
    } finally {
      clearInterval(watchdog);
      this.running = false;
      this.endCurrent = undefined;
      await consumer.disconnect().catch(() => undefined);
    }
  }

  private async run(consumer: Consumer): Promise<void> {
    const partitionsConsumedConcurrently = this.options.partitionsConcurrently ?? 3;
    const options = this.options;
    if (options.handleBatch) {
      const { handleBatch, maxBatchSize = DEFAULT_MAX_BATCH_SIZE } = options;
      await consumer.run({
        partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.working(() => this.eachBatch(payload, handleBatch, maxBatchSize)),
      });
    } else {
      const { handle } = options;
      await consumer.run({
        partitionsConsumedConcurrently,
        eachMessage: ({ topic, partition, message }) =>
          this.working(async () => {
            const event = this.decode(topic, partition, message);
            if (event) await handle({ event, topic, partition, offset: message.offset });
          }),
      });
    }
  }

  /** A handler at work counts as a sign of life, however long it takes. */
  private async working<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      this.lastSign = Date.now();
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.cancelWait = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cancelWait = done;
    });
  }

  /** Hands the fetched batch over in runs; resolves each run's last offset once its handler returned.
   * kafkajs commits the resolved offsets after the batch (and before rethrowing when a handler fails). */
  private async eachBatch(payload: EachBatchPayload, handleBatch: EachBatchOptions['handleBatch'], maxBatchSize: number): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
      // A rebalance or a seek took the partition away: the rest is fetched again by whoever owns it now.
      if (!isRunning() || isStale()) return;
      const run = batch.messages.slice(start, start + maxBatchSize);
      const events = run.flatMap((message): ConsumedEvent[] => {
        const event = this.decode(topic, partition, message);
        return event ? [{ event, topic, partition, offset: message.offset }] : [];
      });
      const lastOffset = run[run.length - 1].offset;
      if (events.length > 0) await handleBatch({ topic, partition, events, lastOffset, heartbeat });
      resolveOffset(lastOffset);
      await heartbeat();
    }
  }

  private decode(topic: string, partition: number, message: KafkaMessage): EventEnvelope | undefined {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : String(v);
    }
    try {
      return fromKafkaRecord({ value: message.value, headers });
    } catch (e) {
      if (!(e instanceof ContractViolation)) throw e;
      this.options.onViolation?.(e, { topic, partition, offset: message.offset });
      return undefined;
    }
  }
}
