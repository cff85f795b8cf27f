import { Logger } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import { MailJobData } from '../mail/mail-job';
import { CourierJobRunner, MessageBusyError } from './courier-job.runner';

export interface MailWorkerSettings {
  queueName: string;
  /** This instance's name: BullMQ records it as the job's processedBy. */
  name: string;
  redisUrl: string;
  concurrency: number;
  /** BullMQ lockDuration (courier.worker.lock_duration): renewed every half of it while a job runs; a
   * crashed worker's lock lapses after at most this long. */
  lockDurationMs: number;
  /** BullMQ stalledInterval (courier.worker.stalled_interval): how often each worker looks for active jobs
   * whose lock lapsed and puts them back in the queue. A job of a crashed worker is taken up again within
   * lockDurationMs + 2 × stalledIntervalMs: BullMQ's check key lives exactly stalledIntervalMs, so a
   * worker's next check, coming a hair early, is now and then skipped. */
  stalledIntervalMs: number;
  /** BullMQ maxStalledCount (courier.worker.max_stalled_count): how often one job may be recovered like that
   * before BullMQ fails it. */
  maxStalledCount: number;
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
    const worker = new Worker<MailJobData, void, string>(this.settings.queueName, (job, token) => this.process(job, token), {
      name: this.settings.name,
      connection: { url: this.settings.redisUrl, maxRetriesPerRequest: null },
      concurrency: this.settings.concurrency,
      lockDuration: this.settings.lockDurationMs,
      stalledInterval: this.settings.stalledIntervalMs,
      maxStalledCount: this.settings.maxStalledCount,
      autorun: true,
    });
    worker.on('failed', (job, error) => this.onFailed(job, error));
    worker.on('error', (error) => this.logger.error(`queue error: ${error.message}`));
    this.worker = worker;
    await worker.waitUntilReady();
  }

  /** A message another worker holds is not a failed attempt: the job waits (delayed) until that worker's
   * lease ends, without using up one of its attempts. */
  private async process(job: Job<MailJobData, void, string>, token?: string): Promise<void> {
    try {
      await this.runner.run(job);
    } catch (e) {
      if (!(e instanceof MessageBusyError) || !token) throw e;
      await job.moveToDelayed(e.retryAt, token);
      throw new DelayedError();
    }
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
