import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Claim } from '../courier/courier-messages';
import type { AttemptOutcome, MessageStatus } from '../courier/message-status';
import { MailJobData } from '../mail/mail-job';
import { MailJob } from './mail.processor';

/** One attempt of a queued job, as BullMQ hands it over. */
export interface QueuedJob extends MailJob {
  id?: string;
  /** Attempts made before this one. */
  attemptsMade: number;
  opts: { attempts?: number };
}

export interface MailSender {
  process(job: MailJob): Promise<void>;
}

/** The part of the courier-messages projection a worker writes. */
export interface CourierLedger {
  claim(eventId: string): Promise<Claim>;
  recordDispatch(messageId: string, outcome: AttemptOutcome & { error?: string; worker: string }, retries: number): Promise<MessageStatus>;
}

export interface RunnerSettings {
  /** courier.message_retries */
  retries: number;
  /** This notifier instance, recorded on each dispatch. */
  worker: string;
}

/** Another worker holds the message: BullMQ retries later, by then it is sent (a no-op) or free again. */
export class MessageBusyError extends Error {
  constructor() {
    super('the message is being sent by another worker');
    this.name = 'MessageBusyError';
  }
}

/** Runs one attempt of a mail job around the projection: claim the message (skip it when it is already
 * sent or abandoned: durable dedupe, even when Redis no longer knows the job), send, record the dispatch. */
export class CourierJobRunner {
  private readonly logger = new Logger('CourierJobRunner');

  constructor(
    private readonly sender: MailSender,
    private readonly ledger: CourierLedger,
    private readonly settings: RunnerSettings,
  ) {}

  async run(job: QueuedJob): Promise<void> {
    const eventId = (job.data as MailJobData).source.event_id;
    const claim = await this.ledger.claim(eventId);
    if (claim.kind === 'final') return;
    if (claim.kind === 'busy') throw new MessageBusyError();
    if (claim.kind === 'missing') return this.sender.process(job);
    try {
      await this.sender.process(job);
    } catch (e) {
      const error = e as Error;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const outcome = { ok: false, unrecoverable: error instanceof UnrecoverableError, lastAttempt, error: errorText(error), worker: this.settings.worker };
      await this.ledger.recordDispatch(claim.messageId, outcome, this.settings.retries);
      // Abandoned by the projection's count while BullMQ still has attempts left: stop retrying.
      if (!outcome.unrecoverable && !lastAttempt && claim.sendCount + 1 > this.settings.retries) throw new UnrecoverableError(outcome.error);
      throw e;
    }
    try {
      await this.ledger.recordDispatch(claim.messageId, { ok: true, worker: this.settings.worker }, this.settings.retries);
    } catch (e) {
      // The mail is out: failing the job now would send it again. The row stays "processing".
      this.logger.error(`mail for event ${eventId} was sent but could not be recorded: ${(e as Error).message}`);
    }
  }
}

/** The transport's error, short; the processor never puts the code or the body into an error. */
function errorText(error: Error): string {
  const text = `${error.message || error.name}`;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
