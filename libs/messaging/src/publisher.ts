import { Kafka, Producer } from 'kafkajs';
import { KafkaRecord } from '@gatehouse/contracts';

/** Publishes records with an idempotent producer: broker-side retries never duplicate within one attempt. */
export class KafkaPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  /** Connects once; a failed attempt is forgotten so that the next call tries again. */
  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((e: unknown) => {
      this.connected = undefined;
      throw e;
    });
    return this.connected;
  }

  /** Sends the records in order; resolves once every record is acknowledged by all in-sync replicas. */
  async publish(topicOf: (r: KafkaRecord) => string, records: readonly KafkaRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, KafkaRecord[]>();
    for (const r of records) {
      const t = topicOf(r);
      byTopic.set(t, [...(byTopic.get(t) ?? []), r]);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
