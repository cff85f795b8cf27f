import { Logger } from '@nestjs/common';
import { EventEnvelope } from '@gatehouse/contracts';
import { createKafka, EventConsumer } from '@gatehouse/messaging';

export interface Reactor {
  handle(event: EventEnvelope): Promise<void>;
}

export interface EventSubscriptionSettings {
  brokers: string[];
  clientId: string;
  groupId: string;
  topic: string;
}

/** Feeds the identity event stream to the reactors. A reactor that throws (Redis down) makes kafkajs
 * redeliver the record; reactors are idempotent, so redelivery is safe. */
export class EventSubscription {
  private readonly logger = new Logger('EventSubscription');
  private readonly consumer: EventConsumer;

  constructor(settings: EventSubscriptionSettings, reactors: readonly Reactor[]) {
    const kafka = createKafka({ brokers: settings.brokers, clientId: settings.clientId });
    this.consumer = new EventConsumer(
      kafka,
      {
      groupId: settings.groupId,
      topics: [settings.topic],
      // A new group reads the whole topic: events published before the first start are not lost, and old
      // ones are harmless (expired codes are ignored, finished jobs are deduplicated by event id).
      fromBeginning: true,
      handle: async ({ event }) => {
        for (const reactor of reactors) await reactor.handle(event);
      },
      onViolation: (error, where) => this.logger.warn(`skipped ${where.topic}[${where.partition}]@${where.offset}: ${error.message}`),
      },
      { log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) } },
    );
  }

  /** Starts consuming in the background; resolves once the group is joined. The consumer supervises itself:
   * after a broker outage of any length or a crash it reconnects, rejoins and resumes from the committed offsets. */
  start(): Promise<void> {
    return this.consumer.start();
  }

  /** False before the group join, while the consumer is lost (Kafka away, a crash) and after a stop. */
  isRunning(): boolean {
    return this.consumer.isRunning;
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }
}
