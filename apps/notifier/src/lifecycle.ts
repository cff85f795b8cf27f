import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { SmtpChannel } from './channels/smtp.channel';
import { EventSubscription } from './kafka/event-subscription';
import { MailQueue } from './queue/mail.queue';
import { MailWorker } from './queue/mail.worker';
import { MAIL_QUEUE, REDIS } from './tokens';

/** Starts and stops the notifier's moving parts in one explicit order (Nest runs the hooks of sibling
 * providers in parallel, so each part has no hooks of its own).
 * Start: worker, then the Kafka consumer (in the background). Stop: consumer (no new jobs), worker (finish jobs in flight),
 * queue, Redis, SMTP. */
@Injectable()
export class NotifierLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly worker: MailWorker,
    private readonly subscription: EventSubscription,
    @Inject(MAIL_QUEUE) private readonly queue: MailQueue,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly smtp: SmtpChannel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.worker.start();
      // not awaited: the notifier serves (and says it is unready) while Kafka is away; the consumer keeps trying
      void this.subscription.start();
    } catch (e) {
      // Nest does not close an app whose bootstrap failed: release the connections here.
      await this.beforeApplicationShutdown();
      throw e;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await settle(() => this.subscription.stop());
    await settle(() => this.worker.close());
    await settle(() => this.queue.close());
    await settle(() => this.redis.quit());
    this.smtp.close();
  }
}

/** Runs one shutdown step; a failing step must not keep the next ones from closing their connections. */
async function settle(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch {
    // already closed or unreachable: nothing left to release
  }
}
