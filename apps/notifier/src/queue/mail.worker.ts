import { Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { MailJobData } from '../mail/mail-job';
import { CourierJobRunner } from './courier-job.runner';

export interface MailWorkerSettings {
  queueName: string;
  /** This instance's name: BullMQ records it as the job's processedBy. */
  name: string;
  redisUrl: string;
  concurrency: number;
  /** BullMQ lockDuration; the stalled-job check runs as often, so a crashed worker's jobs come back soon. */
  lockDurationMs: number;
}

/** The consumer side of the courier queue: runs the CourierJobRunner for each job, `concurrency` at a time.
 * BullMQ owns its two connections (maxRetriesPerRequest null, as workers need) and closes them on close(). */
export class MailWorker {
  private readonly logger = new Logger('MailWorker');
  private worker?: Worker<MailJobData, void, string>;

  constructor(
    private readonly runner: CourierJobRunner,
    private readonly settings: MailWorkerSettings,
  ) {}

  async start(): Promise<void> {
    const worker = new Worker<MailJobData, void, string>(this.settings.queueName, (job) => this.runner.run(job), {
      name: this.settings.name,
      connection: { url: this.settings.redisUrl, maxRetriesPerRequest: null },
      concurrency: this.settings.concurrency,
      lockDuration: this.settings.lockDurationMs,
      stalledInterval: this.settings.lockDurationMs,
      autorun: true,
    });
    worker.on('failed', (job, error) => this.onFailed(job, error));
    worker.on('error', (error) => this.logger.error(`queue error: ${error.message}`));
    this.worker = worker;
    await worker.waitUntilReady();
  }

  isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  /** Waits for the jobs in progress to finish, then closes the worker's connections. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.close();
  }

  /** Stops at once, as a crash would: jobs in progress are abandoned to BullMQ's stalled-job recovery. */
  async kill(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.close(true);
  }

  private onFailed(job: Job<MailJobData, void, string> | undefined, error: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    const what = `mail job ${job.id} (${job.name}) attempt ${job.attemptsMade}/${attempts} failed: ${error.message}`;
    if (final) this.logger.error(`${what}; giving up`);
    else this.logger.warn(`${what}; retrying with backoff`);
  }
}
