import { EventEnvelope, RecoveryRequested, VerificationRequested } from '@gatehouse/contracts';
import { ChallengeMailData, MailJobSpec, RetryPolicy, mailJobOptions } from '../mail/mail-job';
import { ChallengeTemplateType, TEMPLATE_TYPES } from '../templates/template';
import { CourierOutboxPort, IdentityDirectoryPort, MailQueuePort } from '../tokens';
import { enqueueOnce } from './enqueue-once';
import { withKnownIdentity } from './identity-projector.reactor';

type ChallengeData = VerificationRequested.V1.Data | RecoveryRequested.V1.Data;

/** An event that sends a one-time secret, and the templates its two methods use. */
export interface ChallengeMail {
  contract: { name: string; version: number; schema: { safeParse(data: unknown): { success: true; data: ChallengeData } | { success: false } } };
  templates: { code: ChallengeTemplateType; link: ChallengeTemplateType };
  /** Extra job source fields (the verification link names its flow). */
  source?: (data: ChallengeData) => Partial<ChallengeMailData['source']>;
}

export const VERIFICATION_MAIL: ChallengeMail = {
  contract: VerificationRequested.V1,
  templates: { code: TEMPLATE_TYPES.verificationCodeValid, link: TEMPLATE_TYPES.verificationValid },
  source: (data) => ({ verification_flow_id: data.flow_id }),
};

export const RECOVERY_MAIL: ChallengeMail = {
  contract: RecoveryRequested.V1,
  templates: { code: TEMPLATE_TYPES.recoveryCodeValid, link: TEMPLATE_TYPES.recoveryValid },
};

/** Pure: an e-mail challenge event becomes one job whose id is the event id — the code template carrying the
 * sealed code, or the link template carrying the sealed token. Anything else, and a secret that has already
 * expired (an old event replayed), asks for nothing. */
export function challengeMailJob(mail: ChallengeMail, event: EventEnvelope, policy: RetryPolicy, now: Date): MailJobSpec<ChallengeMailData> | undefined {
  if (event.type !== mail.contract.name || event.version !== mail.contract.version) return undefined;
  const parsed = mail.contract.schema.safeParse(event.data);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  if (data.via !== 'email' || Date.parse(data.expires_at) <= now.getTime()) return undefined;
  const template = data.method === 'code' ? mail.templates.code : mail.templates.link;
  return {
    name: template,
    data: {
      template_type: template,
      to: data.address,
      sealed_code: data.method === 'code' ? data.sealed_code : data.sealed_token,
      expires_at: data.expires_at,
      // the event names no traits: the reactor fills them in from notifier_identities (withKnownIdentity)
      identity: { id: data.identity_id, schema_id: 'default', traits: {} },
      source: { event_id: event.id, event_type: event.type, flow_id: data.flow_id, ...mail.source?.(data) },
    },
    opts: mailJobOptions(event.id, policy),
  };
}

/** The adapter: a challenge event in, at most one enqueued job out; idempotent through the event id (enqueueOnce). */
export abstract class ChallengeMailReactor {
  constructor(
    private readonly mail: ChallengeMail,
    private readonly queue: MailQueuePort,
    private readonly outbox: CourierOutboxPort,
    private readonly policy: RetryPolicy,
    private readonly identities: IdentityDirectoryPort,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    const job = await withKnownIdentity(challengeMailJob(this.mail, event, this.policy, new Date()), this.identities);
    await enqueueOnce(job, this.outbox, this.queue);
  }
}
