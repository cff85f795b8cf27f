import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventSealer, EventSink, KafkaEventSink, OutboxRelay } from '@gatehouse/eventsourcing';
import { KafkaPublisher } from '@gatehouse/messaging';

/** A send still pending after this long is reported: the broker is most likely away (a healthy one answers in ms). */
const SLOW_SEND_MS = 3_000;

/** Runs the outbox relay inside flows: committed events → Kafka, started after boot, drained on shutdown.
 * Kafka need not be there: flows boots and commits to its outbox without it, the relay keeps retrying
 * (a failed send drops the producer, the next batch starts a new one) and `kafkaState` says how it goes. */
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private readonly relay: OutboxRelay;
  private readonly enabled: boolean;
  private lastError?: string;
  private sendError?: string;
  /** When the send in progress began (a send to an unreachable broker takes a while to fail). */
  private sendingSince?: number;

  constructor(
    private readonly publisher: KafkaPublisher,
    options: { dsn: string; schema: string; pollIntervalMs: number; batchSize: number; enabled: boolean; topic?: string; sealer?: EventSealer },
  ) {
    this.enabled = options.enabled;
    this.relay = new OutboxRelay({
      connection: { connectionString: options.dsn },
      schema: options.schema,
      sealer: options.sealer,
      sink: this.watched(new KafkaEventSink(publisher, { source: '/gatehouse/flows', topicOverride: options.topic })),
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
    await this.relay.start();
  }

  /** Resolves while events reach Kafka; rejects with the reason while they do not (the outbox holds them). */
  async kafkaState(): Promise<void> {
    if (!this.enabled) return;
    if (this.sendError) throw new Error(`events wait in the outbox: ${this.sendError}`);
    const pendingMs = this.sendingSince === undefined ? 0 : Date.now() - this.sendingSince;
    if (pendingMs > SLOW_SEND_MS) throw new Error(`events wait in the outbox: a send to Kafka has been pending for ${Math.round(pendingMs / 1000)} s`);
    await this.publisher.connect();
  }

  private watched(sink: EventSink): EventSink {
    return {
      publish: async (events) => {
        this.sendingSince = Date.now();
        try {
          await sink.publish(events);
          if (this.sendError) this.logger.log('relay: Kafka accepts events again');
          this.sendError = undefined;
        } catch (e) {
          this.sendError = e instanceof Error ? e.message : String(e);
          throw e;
        } finally {
          this.sendingSince = undefined;
        }
      },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.publisher.disconnect();
  }
}
