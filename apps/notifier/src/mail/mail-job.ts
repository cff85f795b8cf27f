import type { JobsOptions } from 'bullmq';
import type { FactorType, SecurityNoticeRequested } from '@gatehouse/contracts';
import { ChallengeTemplateType, TEMPLATE_TYPES, TemplateType } from '../templates/template';

/** What a mail job carries in Redis: a challenge mail (a one-time secret) or a security notice (none). */
export type MailJobData = ChallengeMailData | NoticeMailData;

/** The mail of a one-time secret. The secret stays sealed (AES-256-GCM, secrets.cipher): only the worker opens
 * it, in memory, right before rendering. */
export interface ChallengeMailData {
  template_type: ChallengeTemplateType;
  to: string;
  /** The sealed one-time secret: the code (verification_code_valid, recovery_code_valid) or the link token (verification_valid, recovery_valid). */
  sealed_code: string;
  /** ISO time after which the code is useless; the worker does not send past it. */
  expires_at: string;
  identity: MailIdentity;
  /** Where the job came from, for the courier-messages projection. */
  source: { event_id: string; event_type: string; flow_id: string; verification_flow_id?: string };
}

/** The mail that tells an identity's owner about a change to its credentials (SecurityNoticeRequested): no secret. */
export interface NoticeMailData {
  template_type: typeof TEMPLATE_TYPES.securityNotice;
  to: string;
  notice: { type: SecurityNoticeRequested.V1.Data['notice']; factor?: FactorType; requested_at: string };
  identity: MailIdentity;
  source: { event_id: string; event_type: string };
}

export interface MailIdentity {
  id: string;
  schema_id: string;
  traits: Record<string, unknown>;
}

export interface MailJobSpec<Data extends MailJobData = MailJobData> {
  name: TemplateType;
  data: Data;
  opts: JobsOptions & { jobId: string };
}

/** How long finished jobs stay in Redis. The job id is the event id (mailJobId), and BullMQ refuses a second
 * job with an id that still exists, so this is how long a redelivered or replayed event is deduplicated
 * by Redis alone. After it, the code in the event has long expired (Kratos default lifespan 1h), a
 * security notice is too old to send (NOTICE_MAX_AGE_MS), and the reactor ignores the event anyway. */
export const KEEP_FINISHED_JOBS_SECONDS = 7 * 24 * 60 * 60;

export interface RetryPolicy {
  /** courier.message_retries: attempts = retries + 1. */
  retries: number;
  /** courier.retry_backoff in ms: the base of the exponential backoff. */
  backoffMs: number;
}

/** The job id of an event's mail to the `index`-th address it names (from 0): the event id for the first (the
 * only one of every event but SecurityNoticeRequested), `<event id>.<index>` for the others. The courier message
 * is one per event and recipient in the same way (UNIQUE source_event_id, recipient). */
export function mailJobId(eventId: string, index = 0): string {
  return index === 0 ? eventId : `${eventId}.${index}`;
}

export function mailJobOptions(jobId: string, policy: RetryPolicy): MailJobSpec['opts'] {
  return {
    jobId,
    attempts: policy.retries + 1,
    backoff: { type: 'exponential', delay: policy.backoffMs },
    removeOnComplete: { age: KEEP_FINISHED_JOBS_SECONDS },
    removeOnFail: { age: KEEP_FINISHED_JOBS_SECONDS },
  };
}
