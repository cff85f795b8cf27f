/** Kratos's courier message states (courierMessageStatus) and dispatch states (messageDispatch.status). */
export const MESSAGE_STATUSES = ['queued', 'processing', 'sent', 'abandoned'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type DispatchStatus = 'failed' | 'success';

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/** sent and abandoned are final: nothing sends such a message again (durable dedupe). */
export function isFinal(status: MessageStatus): boolean {
  return status === 'sent' || status === 'abandoned';
}

/** May a worker pick the message up now? queued: yes. processing: only when the previous holder's lease
 * ran out (it crashed mid-attempt). Final states: never. */
export function canClaim(status: MessageStatus, lockedUntil: Date | null, now: Date): boolean {
  if (status === 'queued') return true;
  if (status === 'processing') return lockedUntil === null || lockedUntil.getTime() <= now.getTime();
  return false;
}

export interface AttemptOutcome {
  ok: boolean;
  /** The failure can never succeed (expired code, unknown template): abandon at once. */
  unrecoverable?: boolean;
  /** The queue will not try again (its attempts are used up), whatever the count says. */
  lastAttempt?: boolean;
}

/** The state after one more dispatch, as Kratos decides it: success → sent; a failure → queued again
 * until send_count > courier.message_retries, then abandoned (kept, never deleted). */
export function afterDispatch(sendCountAfter: number, retries: number, outcome: AttemptOutcome): MessageStatus {
  if (outcome.ok) return 'sent';
  if (outcome.unrecoverable || outcome.lastAttempt || sendCountAfter > retries) return 'abandoned';
  return 'queued';
}
