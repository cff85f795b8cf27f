import { EventEnvelope, KafkaRecord, contractForCeType, toKafkaRecord } from '@gatehouse/contracts';
import { KafkaPublisher } from '@gatehouse/messaging';
import { EventSink } from './outbox-relay';

/** Publishes relayed events to the topic their contract names, as CloudEvents binary-mode records keyed by subject. */
export class KafkaEventSink implements EventSink {
  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly options: { source: string; topicOverride?: string },
  ) {}

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    const records = events.map((e) => toKafkaRecord(e, this.options.source));
    await this.publisher.publish((r) => this.topicOf(r), records);
  }

  private topicOf(record: KafkaRecord): string {
    if (this.options.topicOverride) return this.options.topicOverride;
    const contract = contractForCeType(record.headers.ce_type);
    if (!contract) throw new Error(`no topic for ${record.headers.ce_type}`);
    return contract.topic;
  }
}
