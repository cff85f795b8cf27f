import { Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { MailJobData } from '../mail/mail-job';
import { MailProcessor } from './mail.processor';

export interface MailWorkerSettings {
  queueName: string;
  redisUrl: string;
  concurrency: number;
}

/** The consumer side of the courier queue: runs MailProcessor for each job, `concurrency` at a time.
 * BullMQ owns its two connections (maxRetriesPerRequest null, as workers need) and closes them on close(). */
export class MailWorker {
  private readonly logger = new Logger('MailWorker');
  private worker?: Worker<MailJobData, void, string>;

  constructor(
    private readonly processor: MailProcessor,
    private readonly settings: MailWorkerSettings,
  ) {}

  async start(): Promise<void> {
    const worker = new Worker<MailJobData, void, string>(this.settings.queueName, (job) => this.processor.process(job), {
      connection: { url: this.settings.redisUrl, maxRetriesPerRequest: null },
      concurrency: this.settings.concurrency,
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

  private onFailed(job: Job<MailJobData, void, string> | undefined, error: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    const what = `mail job ${job.id} (${job.name}) attempt ${job.attemptsMade}/${attempts} failed: ${error.message}`;
    if (final) this.logger.error(`${what}; giving up`);
    else this.logger.warn(`${what}; retrying with backoff`);
  }
}
