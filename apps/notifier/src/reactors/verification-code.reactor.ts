import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, IdentityRegistered } from '@gatehouse/contracts';
import { ChallengeMailData, MailJobSpec, RetryPolicy, mailJobOptions } from '../mail/mail-job';
import { TEMPLATE_TYPES } from '../templates/template';
import { enqueueOnce } from './enqueue-once';
import { COURIER_OUTBOX, CourierOutboxPort, MAIL_QUEUE, MailQueuePort, RETRY_POLICY } from '../tokens';

/** Pure: the one mail job an event asks for, or undefined. An IdentityRegistered with a verification
 * code becomes a verification_code_valid job whose id is the event id; anything else, and a code that
 * has already expired (an old event replayed), asks for nothing. */
export function verificationCodeJob(event: EventEnvelope, policy: RetryPolicy, now: Date): MailJobSpec<ChallengeMailData> | undefined {
  if (event.type !== IdentityRegistered.V1.name || event.version !== IdentityRegistered.V1.version) return undefined;
  const data = event.data as IdentityRegistered.V1.Data;
  const verification = data.verification;
  if (!verification || verification.via !== 'email') return undefined;
  if (Date.parse(verification.expires_at) <= now.getTime()) return undefined;
  return {
    name: TEMPLATE_TYPES.verificationCodeValid,
    data: {
      template_type: TEMPLATE_TYPES.verificationCodeValid,
      to: verification.address,
      sealed_code: verification.sealed_code,
      expires_at: verification.expires_at,
      identity: { id: data.identity_id, schema_id: data.schema_id, traits: data.traits },
      source: { event_id: event.id, event_type: event.type, flow_id: data.flow_id, verification_flow_id: verification.flow_id },
    },
    opts: mailJobOptions(event.id, policy),
  };
}

/** The thin adapter: consumed events in, at most one courier message and one enqueued job out.
 * Idempotent twice over: the message row is unique per event id, and a message that is already sent or
 * abandoned is never enqueued again (even after Redis forgot the job); a queued or processing one is
 * enqueued again, which BullMQ ignores while the job (id = event id) still exists, and which repairs a
 * crash between the insert and the enqueue. */
@Injectable()
export class VerificationCodeReactor {
  constructor(
    @Inject(MAIL_QUEUE) private readonly queue: MailQueuePort,
    @Inject(COURIER_OUTBOX) private readonly outbox: CourierOutboxPort,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    await enqueueOnce(verificationCodeJob(event, this.policy, new Date()), this.outbox, this.queue);
  }
}
