import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { KafkaEventSink, OutboxRelay } from '@gatehouse/eventsourcing';
import { KafkaPublisher } from '@gatehouse/messaging';

/** Runs the outbox relay inside flows: committed events → Kafka, started after boot, drained on shutdown. */
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private readonly relay: OutboxRelay;
  private readonly enabled: boolean;
  private lastError?: string;

  constructor(
    private readonly publisher: KafkaPublisher,
    options: { dsn: string; schema: string; pollIntervalMs: number; batchSize: number; enabled: boolean; topic?: string },
  ) {
    this.enabled = options.enabled;
    this.relay = new OutboxRelay({
      connection: { connectionString: options.dsn },
      schema: options.schema,
      sink: new KafkaEventSink(publisher, { source: '/gatehouse/flows', topicOverride: options.topic }),
      pollIntervalMs: options.pollIntervalMs,
      batchSize: options.batchSize,
      onError: (e) => {
        const message = e instanceof Error ? e.message : String(e);
        if (message !== this.lastError) this.logger.error(`relay: ${message}`);
        this.lastError = message;
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.publisher.connect();
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.publisher.disconnect();
  }
}
