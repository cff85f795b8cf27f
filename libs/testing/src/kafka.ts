import { Kafka } from 'kafkajs';
import { EventEnvelope, KafkaRecord, toKafkaRecord } from '@gatehouse/contracts';
import { KafkaPublisher, createKafka, ensureTopics } from '@gatehouse/messaging';
import { testInfra, uniqueName } from './infra';

export interface ReadRecord {
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A throwaway topic on the test broker: created on demand, read back in full, deleted at the end. */
export class ScratchTopic {
  readonly kafka: Kafka;
  readonly name: string;
  private publisher?: KafkaPublisher;

  /** `brokers`: another Kafka than the test run's (a PrivateInfra's). */
  constructor(prefix: string, brokers: string[] = testInfra().kafkaBrokers) {
    this.kafka = createKafka({ brokers, clientId: uniqueName(`${prefix}_client`) });
    this.name = uniqueName(prefix);
  }

  /** Publishes events in order as CloudEvents records (toKafkaRecord), as the outbox relay does. */
  publish(...events: EventEnvelope[]): Promise<void> {
    return this.publishRecords(events.map((e) => toKafkaRecord(e)));
  }

  /** Publishes records as given (e.g. one that breaks the contract). */
  publishRecords(records: KafkaRecord[]): Promise<void> {
    this.publisher ??= new KafkaPublisher(this.kafka);
    return this.publisher.publish(() => this.name, records);
  }

  async create(partitions = 3): Promise<this> {
    await ensureTopics(this.kafka, [{ name: this.name, partitions }]);
    return this;
  }

  /** How many records the topic holds (sum of high watermarks): exact, no waiting. */
  async count(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.name);
      return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Every record currently in the topic, in offset order per partition. */
  async readAll(): Promise<ReadRecord[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(this.name).finally(() => admin.disconnect());
    const pending = new Map(offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
    const records: ReadRecord[] = [];
    if (pending.size === 0) return records;
    const consumer = this.kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.name], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
            records.push({ partition, offset: message.offset, key: String(message.key ?? ''), value: String(message.value ?? ''), headers });
            if (Number(message.offset) + 1 >= (pending.get(partition) ?? 0)) pending.delete(partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return records;
  }

  /** Deletes the topic (and the consumer groups named, if any). */
  async delete(groups: string[] = []): Promise<void> {
    await this.publisher?.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
      await admin.deleteTopics({ topics: [this.name] }).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}
