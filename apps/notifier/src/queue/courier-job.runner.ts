import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Claim, decideSend } from '../courier/send-decision';
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
  /** The courier message of an event to one recipient (UNIQUE source_event_id, recipient). */
  claim(eventId: string, recipient: string): Promise<Claim>;
  /** Committed before the mail goes to SMTP; rejects when the claim's lease was lost (then nothing is sent). */
  markSendStarted(messageId: string, leaseUntil: Date, possibleDuplicate: boolean): Promise<unknown>;
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
  /** retryAt: when the holder's lease ends (epoch ms); the worker delays the job until then. */
  constructor(readonly retryAt: number = Date.now()) {
    super('the message is being sent by another worker');
    this.name = 'MessageBusyError';
  }
}

/** Runs one attempt of a mail job around the projection: claim the message (skip it when it is already
 * sent or abandoned: durable dedupe, even when Redis no longer knows the job), mark the send started, send,
 * record the dispatch. An attempt whose claim finds the mark of an earlier one that never recorded an
 * outcome (its worker died mid-send) sends again, with the same Message-ID, and flags a possible duplicate. */
export class CourierJobRunner {
  private readonly logger = new Logger('CourierJobRunner');

  constructor(
    private readonly sender: MailSender,
    private readonly ledger: CourierLedger,
    private readonly settings: RunnerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async run(job: QueuedJob): Promise<void> {
    const data = job.data as MailJobData;
    const eventId = data.source.event_id;
    const claim = await this.ledger.claim(eventId, data.to);
    const decision = decideSend(claim, this.now());
    if (decision.action === 'skip') return;
    if (decision.action === 'wait') throw new MessageBusyError(decision.at);
    if (decision.action === 'send-untracked' || claim.kind !== 'claimed') return this.sender.process(job);
    if (decision.possibleDuplicate) {
      this.logger.warn(`mail for event ${eventId}: an earlier attempt died mid-send; sending again with the same Message-ID (possible duplicate)`);
    }
    await this.ledger.markSendStarted(claim.messageId, claim.leaseUntil, decision.possibleDuplicate);
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
      // The mail is out: failing the job now would send it again. The row stays "processing", marked started.
      this.logger.error(`mail for event ${eventId} was sent but could not be recorded: ${(e as Error).message}`);
    }
  }
}

/** The transport's error, short; the processor never puts the code or the body into an error. */
function errorText(error: Error): string {
  const text = `${error.message || error.name}`;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
