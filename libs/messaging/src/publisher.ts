import { Kafka, Producer } from 'kafkajs';
import { KafkaRecord } from '@gatehouse/contracts';

/** Publishes records with an idempotent producer: broker-side retries never duplicate within one attempt.
 * A send that fails (the broker went away, retries ran out) throws and drops the producer: the next call
 * starts from a new one, so an idempotent producer never carries a broken sequence over an outage. */
export class KafkaPublisher {
  private producer?: Producer;
  private connected?: Promise<void>;

  constructor(private readonly kafka: Kafka) {}

  /** Connects once; a failed attempt is forgotten so that the next call tries again. */
  connect(): Promise<void> {
    if (!this.connected) {
      // short retries: a send that cannot get through fails within seconds and the caller (the relay) tries again
      // with a new producer, so the backlog moves soon after the broker is back
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
      });
      this.producer = producer;
      this.connected = producer.connect().catch((e: unknown) => {
        void this.reset(producer);
        throw e;
      });
    }
    return this.connected;
  }

  /** Sends the records in order; resolves once every record is acknowledged by all in-sync replicas. */
  async publish(topicOf: (r: KafkaRecord) => string, records: readonly KafkaRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const producer = this.producer as Producer;
    const byTopic = new Map<string, KafkaRecord[]>();
    for (const r of records) {
      const t = topicOf(r);
      byTopic.set(t, [...(byTopic.get(t) ?? []), r]);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic,
          messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    } catch (e) {
      await this.reset(producer);
      throw e;
    }
  }

  async disconnect(): Promise<void> {
    if (this.producer) await this.reset(this.producer);
  }

  /** Forgets the producer (when it is still the current one) and closes it quietly. */
  private async reset(producer: Producer): Promise<void> {
    if (this.producer === producer) {
      this.producer = undefined;
      this.connected = undefined;
    }
    await producer.disconnect().catch(() => undefined);
  }
}
