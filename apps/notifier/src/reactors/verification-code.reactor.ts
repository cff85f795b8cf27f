import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, IdentityRegistered } from '@gatehouse/contracts';
import { MailJobSpec, RetryPolicy, mailJobOptions } from '../mail/mail-job';
import { TEMPLATE_TYPES } from '../templates/template';
import { MAIL_QUEUE, MailQueuePort, RETRY_POLICY } from '../tokens';

/** Pure: the one mail job an event asks for, or undefined. An IdentityRegistered with a verification
 * code becomes a verification_code_valid job whose id is the event id; anything else, and a code that
 * has already expired (an old event replayed), asks for nothing. */
export function verificationCodeJob(event: EventEnvelope, policy: RetryPolicy, now: Date): MailJobSpec | undefined {
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

/** The thin adapter: consumed events in, at most one enqueued job out. Idempotent through the job id. */
@Injectable()
export class VerificationCodeReactor {
  constructor(
    @Inject(MAIL_QUEUE) private readonly queue: MailQueuePort,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    const job = verificationCodeJob(event, this.policy, new Date());
    if (!job) return;
    await this.queue.enqueue(job);
  }
}
