import { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { ContractViolation, EventEnvelope, fromKafkaRecord } from '@gatehouse/contracts';

export interface ConsumedEvent {
  event: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
}

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts; projections replay from the beginning. */
  fromBeginning?: boolean;
  handle: (consumed: ConsumedEvent) => Promise<void>;
  /** How many partitions are handled at the same time (order holds within a partition, i.e. per key). */
  partitionsConcurrently?: number;
  /** Called for records that break the contract; they are skipped, never retried forever. */
  onViolation?: (error: ContractViolation, where: { topic: string; partition: number; offset: string }) => void;
}

/** Consumes CloudEvents records, parses each against its versioned contract, and hands typed events over.
 * A handler that throws makes kafkajs retry the same record (at-least-once); handlers must be idempotent. */
export class EventConsumer {
  private readonly consumer: Consumer;
  private running = false;

  constructor(kafka: Kafka, private readonly options: EventConsumerOptions) {
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
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachMessage: async ({ topic, partition, message }) => {
        const event = this.decode(topic, partition, message);
        if (event) await this.options.handle({ event, topic, partition, offset: message.offset });
      },
    });
    await joined;
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
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
