import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { ContractViolation } from '@gatehouse/contracts';
import { ConsumedBatch } from '@gatehouse/messaging';
import { waitFor } from '@gatehouse/testing';
import { IdentityConfig } from '../src/config.schema';
import { createIdentityDataSource } from '../src/database/data-source';
import { IdentityProjector, ProjectionOutcome } from '../src/projections/identity.projector';
import { ProjectionRunner } from '../src/projections/projection.runner';

// Only errors: a poison record the runner skips is one, on purpose.
Logger.overrideLogger(['error']);

/** The service's ProjectionRunner (batch consumer, poison fallback) on a real topic and a real schema, outside Nest,
 * recording what it did: the outcome of every event, the size of every batch, the records skipped as off-contract. */
export class ProjectionUnderTest {
  readonly outcomes: ProjectionOutcome[] = [];
  readonly batchSizes: number[] = [];
  readonly violations: string[] = [];
  readonly dataSource: DataSource;
  private readonly runner: ProjectionRunner;

  constructor(config: IdentityConfig, kafka: Kafka) {
    this.dataSource = createIdentityDataSource(config);
    const { outcomes, batchSizes, violations } = this;
    class ObservedRunner extends ProjectionRunner {
      override async project(batch: ConsumedBatch): Promise<ProjectionOutcome[]> {
        const applied = await super.project(batch);
        batchSizes.push(batch.events.length);
        outcomes.push(...applied);
        return applied;
      }

      protected override skippedRecord(error: ContractViolation): void {
        violations.push(error.message);
      }
    }
    this.runner = new ObservedRunner(config, kafka, new IdentityProjector(this.dataSource));
  }

  async start(): Promise<this> {
    await this.dataSource.initialize();
    this.runner.onApplicationBootstrap();
    await this.runner.whenStarted();
    return this;
  }

  /** Waits until `count` events were handled and `violations` records skipped. */
  handled(count: number, violations = 0): Promise<true> {
    return waitFor(() => this.outcomes.length >= count && this.violations.length >= violations, {
      timeoutMs: 20_000,
      what: () => `${count} handled events and ${violations} skipped records (so far ${this.outcomes.length} and ${this.violations.length})`,
    });
  }

  async stop(): Promise<void> {
    await this.runner.onModuleDestroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
