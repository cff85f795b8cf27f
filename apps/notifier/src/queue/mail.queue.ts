import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { MailJobData, MailJobSpec } from '../mail/mail-job';
import { MailQueuePort } from '../tokens';

/** The producer side of the courier queue. It shares the notifier's Redis connection (fail-fast: no offline
 * queue), so an enqueue during a Redis outage rejects and Kafka redelivers the event later. */
export class MailQueue implements MailQueuePort {
  private readonly queue: Queue<MailJobData, void, string>;

  constructor(name: string, connection: Redis) {
    this.queue = new Queue<MailJobData, void, string>(name, { connection });
  }

  async enqueue(job: MailJobSpec): Promise<void> {
    // A job whose id (the event id, mailJobId) still exists in any state is not added again: that is the dedupe.
    await this.queue.add(job.name, job.data, job.opts);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
