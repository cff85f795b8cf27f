import type { JobsOptions } from 'bullmq';
import { TemplateType } from '../templates/template';

/** What a mail job carries in Redis. The one-time code stays sealed (AES-256-GCM, secrets.cipher):
 * only the worker opens it, in memory, right before rendering. */
export interface MailJobData {
  template_type: TemplateType;
  to: string;
  /** The sealed one-time secret: the code (verification_code_valid, recovery_code_valid) or the link token (verification_valid, recovery_valid). */
  sealed_code: string;
  /** ISO time after which the code is useless; the worker does not send past it. */
  expires_at: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  /** Where the job came from, for the courier-messages projection. */
  source: { event_id: string; event_type: string; flow_id: string; verification_flow_id?: string };
}

export interface MailJobSpec {
  name: TemplateType;
  data: MailJobData;
  opts: JobsOptions & { jobId: string };
}

/** How long finished jobs stay in Redis. The job id is the event id, and BullMQ refuses a second job
 * with an id that still exists, so this is how long a redelivered or replayed event is deduplicated
 * by Redis alone. After it, the code in the event has long expired (Kratos default lifespan 1h)
 * and the reactor ignores the event anyway. */
export const KEEP_FINISHED_JOBS_SECONDS = 7 * 24 * 60 * 60;

export interface RetryPolicy {
  /** courier.message_retries: attempts = retries + 1. */
  retries: number;
  /** courier.retry_backoff in ms: the base of the exponential backoff. */
  backoffMs: number;
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
