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

/** Consumes CloudEvents records, parses each against its versioned contract, and hands typed events over,
 * one by one (`handle`) or in runs per partition (`handleBatch`).
 * A handler that throws makes kafkajs retry from the first unresolved record (at-least-once); handlers must be idempotent. */
export class EventConsumer {
  private readonly consumer: Consumer;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
      retry: { initialRetryTime: 100, retries: 10 },
    });
  }

  /** True between a successful start and a stop or a crash that kafkajs does not restart from. */
  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      if (!e.payload.restart) this.running = false;
    });
    this.consumer.on(this.consumer.events.STOP, () => (this.running = false));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    const joined = new Promise<void>((resolve) => {
      const off = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    const partitionsConsumedConcurrently = this.options.partitionsConcurrently ?? 3;
    const options = this.options;
    if (options.handleBatch) {
      const { handleBatch, maxBatchSize = DEFAULT_MAX_BATCH_SIZE } = options;
      await this.consumer.run({
        partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.eachBatch(payload, handleBatch, maxBatchSize),
      });
    } else {
      const { handle } = options;
      await this.consumer.run({
        partitionsConsumedConcurrently,
        eachMessage: async ({ topic, partition, message }) => {
          const event = this.decode(topic, partition, message);
          if (event) await handle({ event, topic, partition, offset: message.offset });
        },
      });
    }
    await joined;
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
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
