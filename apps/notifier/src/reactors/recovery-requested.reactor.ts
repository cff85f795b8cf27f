import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, RecoveryRequested } from '@gatehouse/contracts';
import { MailJobSpec, RetryPolicy, mailJobOptions } from '../mail/mail-job';
import { TEMPLATE_TYPES } from '../templates/template';
import { COURIER_OUTBOX, CourierOutboxPort, IDENTITY_DIRECTORY, IdentityDirectoryPort, MAIL_QUEUE, MailQueuePort, RETRY_POLICY } from '../tokens';
import { enqueueOnce } from './enqueue-once';
import { withKnownIdentity } from './identity-projector.reactor';

/** Pure: a RecoveryRequested by e-mail becomes one job whose id is the event id: recovery_code_valid carrying
 * the sealed code (method code) or recovery_valid carrying the sealed link token (method link). Anything else,
 * and a secret that has already expired (an old event replayed), asks for nothing. */
export function recoveryRequestedJob(event: EventEnvelope, policy: RetryPolicy, now: Date): MailJobSpec | undefined {
  if (event.type !== RecoveryRequested.V1.name || event.version !== RecoveryRequested.V1.version) return undefined;
  const parsed = RecoveryRequested.V1.schema.safeParse(event.data);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  if (data.via !== 'email') return undefined;
  if (Date.parse(data.expires_at) <= now.getTime()) return undefined;
  const template = data.method === 'code' ? TEMPLATE_TYPES.recoveryCodeValid : TEMPLATE_TYPES.recoveryValid;
  return {
    name: template,
    data: {
      template_type: template,
      to: data.address,
      sealed_code: data.method === 'code' ? data.sealed_code : data.sealed_token,
      expires_at: data.expires_at,
      // the event names no traits: the reactor fills them in from notifier_identities (withKnownIdentity)
      identity: { id: data.identity_id, schema_id: 'default', traits: {} },
      source: { event_id: event.id, event_type: event.type, flow_id: data.flow_id },
    },
    opts: mailJobOptions(event.id, policy),
  };
}

/** The adapter for RecoveryRequested, idempotent as the other reactors (see enqueueOnce). */
@Injectable()
export class RecoveryRequestedReactor {
  constructor(
    @Inject(MAIL_QUEUE) private readonly queue: MailQueuePort,
    @Inject(COURIER_OUTBOX) private readonly outbox: CourierOutboxPort,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
    @Inject(IDENTITY_DIRECTORY) private readonly identities: IdentityDirectoryPort,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    const job = await withKnownIdentity(recoveryRequestedJob(event, this.policy, new Date()), this.identities);
    await enqueueOnce(job, this.outbox, this.queue);
  }
}
