import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { ConsumedEvent, EventConsumer } from '@gatehouse/messaging';
import { IdentityConfig } from '../config.schema';
import { IDENTITY_CONFIG, IDENTITY_KAFKA } from '../identity.constants';
import { IdentityProjector } from './identity.projector';

const MAX_BACKOFF_MS = 10_000;

/** Feeds the identity topic into the projector. Starts in the background (the HTTP port opens even while
 * Kafka is away, and /health/ready says so), retries the start with backoff, stops before the pool closes. */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('identity-projection');
  private consumer?: EventConsumer;
  private starting?: Promise<void>;
  private stopping = false;
  private cancelBackoff?: () => void;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_KAFKA) private readonly kafka: Kafka,
    private readonly projector: IdentityProjector,
  ) {}

  /** False until the consumer joined its group, and again after a stop or a crash kafkajs gave up on. */
  get isRunning(): boolean {
    return this.consumer?.isRunning ?? false;
  }

  /** Resolves once the consumer has joined its group (or the runner is stopping). */
  whenStarted(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  onApplicationBootstrap(): void {
    this.starting = this.startWithRetry();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.cancelBackoff?.();
    await this.starting;
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private async startWithRetry(): Promise<void> {
    for (let delay = 250; !this.stopping; delay = Math.min(delay * 2, MAX_BACKOFF_MS)) {
      const consumer = this.newConsumer();
      this.consumer = consumer;
      try {
        await consumer.start();
        this.logger.log(`consuming ${this.config.kafka.topic} as group ${this.config.kafka.group_id}`);
        return;
      } catch (e) {
        this.logger.warn(`cannot start the consumer (retrying in ${delay} ms): ${(e as Error).message}`);
        await consumer.stop().catch(() => undefined);
        this.consumer = undefined;
        await this.backoff(delay);
      }
    }
  }

  private newConsumer(): EventConsumer {
    return new EventConsumer(this.kafka, {
      groupId: this.config.kafka.group_id,
      topics: [this.config.kafka.topic],
      fromBeginning: true,
      handle: (consumed) => this.handle(consumed),
      onViolation: (error, where) => this.logger.warn(`skipped ${where.topic}/${where.partition}@${where.offset}: ${error.message}`),
    });
  }

  private async handle({ event, topic, partition, offset }: ConsumedEvent): Promise<void> {
    try {
      const outcome = await this.projector.apply(event);
      if (outcome !== 'ignored') this.logger.debug(`${event.type} ${event.id} (${topic}/${partition}@${offset}): ${outcome}`);
    } catch (e) {
      // A record the database rejects for what it holds (class 22 data exception, class 23 integrity violation)
      // fails the same way on every retry: log it and move on instead of blocking the partition forever.
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^2[23]/.test(code)) {
        this.logger.error(`skipped ${event.type} ${event.id} (${topic}/${partition}@${offset}): ${(e as Error).message}`);
        return;
      }
      throw e;
    }
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.cancelBackoff = done;
    });
  }
}
