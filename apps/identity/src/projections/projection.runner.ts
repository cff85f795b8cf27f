import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { ContractViolation } from '@gatehouse/contracts';
import { ConsumedBatch, EventConsumer } from '@gatehouse/messaging';
import { IdentityConfig } from '../config.schema';
import { IDENTITY_CONFIG, IDENTITY_KAFKA } from '../identity.constants';
import { applyOrSkip } from './apply-or-skip';
import { IdentityProjector, ProjectionOutcome } from './identity.projector';

/** Feeds the identity topic into the projector, a Kafka batch (of one partition) per transaction, partitions
 * concurrently and each in order. Starts in the background (the HTTP port opens even while Kafka is away, and
 * /health/ready says so); the consumer supervises itself (reconnects, rejoins, replaces a crashed consumer) for
 * as long as the process lives, and stops before the pool closes. */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('identity-projection');
  private readonly consumer: EventConsumer;
  private starting?: Promise<void>;

  constructor(
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    @Inject(IDENTITY_KAFKA) kafka: Kafka,
    private readonly projector: IdentityProjector,
  ) {
    this.consumer = new EventConsumer(
      kafka,
      {
        groupId: config.kafka.group_id,
        topics: [config.kafka.topic],
        fromBeginning: true,
        handleBatch: async (batch) => void (await this.project(batch)),
        onViolation: (error, where) => this.skippedRecord(error, where),
      },
      { log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) } },
    );
  }

  /** False until the consumer joined its group, while it is lost (Kafka away, a crash) and after a stop. */
  get isRunning(): boolean {
    return this.consumer.isRunning;
  }

  /** Resolves once the consumer has joined its group (or the runner is stopping). */
  whenStarted(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  onApplicationBootstrap(): void {
    this.starting = this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  /** A record that breaks its contract: skipped (the consumer moves on). */
  protected skippedRecord(error: ContractViolation, where: { topic: string; partition: number; offset: string }): void {
    this.logger.warn(`skipped ${where.topic}/${where.partition}@${where.offset}: ${error.message}`);
  }

  /** Applies one batch in one transaction. When the database refuses the batch for what a record holds, applies
   * its events one by one instead and skips those it refuses (logged): a poison record never blocks the partition. */
  async project(batch: ConsumedBatch): Promise<ProjectionOutcome[]> {
    return applyOrSkip(
      this.projector,
      batch.events.map((c) => c.event),
      {
        batchRefused: (e) =>
          this.logger.warn(`${batch.topic}/${batch.partition} up to @${batch.lastOffset}: the batch was refused (${e.message}); applying its events one by one`),
        eventSkipped: (index, e) => {
          const { event, topic, partition, offset } = batch.events[index];
          this.logger.error(`skipped ${event.type} ${event.id} (${topic}/${partition}@${offset}): ${e.message}`);
        },
        afterEvent: () => batch.heartbeat(),
      },
    );
  }
}
