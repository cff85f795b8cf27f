import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { ContractViolation } from '@gatehouse/contracts';
import { ConsumedBatch, ConsumedEvent, EventConsumer } from '@gatehouse/messaging';
import { IdentityConfig } from '../config.schema';
import { IDENTITY_CONFIG, IDENTITY_KAFKA } from '../identity.constants';
import { IdentityProjector, ProjectionOutcome } from './identity.projector';

const MAX_BACKOFF_MS = 10_000;

/** Feeds the identity topic into the projector, a Kafka batch (of one partition) per transaction, partitions
 * concurrently and each in order. Starts in the background (the HTTP port opens even while
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
      handleBatch: async (batch) => void (await this.project(batch)),
      onViolation: (error, where) => this.skippedRecord(error, where),
    });
  }

  /** A record that breaks its contract: skipped (the consumer moves on). */
  protected skippedRecord(error: ContractViolation, where: { topic: string; partition: number; offset: string }): void {
    this.logger.warn(`skipped ${where.topic}/${where.partition}@${where.offset}: ${error.message}`);
  }

  /** Applies one batch in one transaction. When the database refuses the batch for what a record holds, applies
   * its events one by one instead and skips those it refuses (logged): a poison record never blocks the partition. */
  async project(batch: ConsumedBatch): Promise<ProjectionOutcome[]> {
    try {
      return await this.projector.applyBatch(batch.events.map((c) => c.event));
    } catch (e) {
      if (!isRefusedData(e)) throw e;
      this.logger.warn(`${batch.topic}/${batch.partition} up to @${batch.lastOffset}: the batch was refused (${(e as Error).message}); applying its events one by one`);
    }
    const outcomes: ProjectionOutcome[] = [];
    for (const consumed of batch.events) {
      outcomes.push(await this.applyOrSkip(consumed));
      await batch.heartbeat();
    }
    return outcomes;
  }

  private async applyOrSkip({ event, topic, partition, offset }: ConsumedEvent): Promise<ProjectionOutcome> {
    try {
      return await this.projector.apply(event);
    } catch (e) {
      if (!isRefusedData(e)) throw e;
      this.logger.error(`skipped ${event.type} ${event.id} (${topic}/${partition}@${offset}): ${(e as Error).message}`);
      await this.projector.skip(event);
      return 'skipped';
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

/** A record the database rejects for what it holds (class 22 data exception, class 23 integrity violation) fails
 * the same way on every retry, unlike a lost connection or a timeout. */
function isRefusedData(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}
