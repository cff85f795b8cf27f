import type { MessageStatus } from './message-status';

/** What claiming an event's courier message for one attempt found. */
export type Claim =
  | {
      kind: 'claimed';
      messageId: string;
      sendCount: number;
      /** The lease this attempt holds (locked_until as the claim set it): the fence for markSendStarted. */
      leaseUntil: Date;
      /** A previous attempt marked the send started and recorded no outcome: it may have delivered the mail. */
      sendStarted: boolean;
    }
  /** sent or abandoned: the job has nothing left to do. */
  | { kind: 'final'; status: MessageStatus }
  /** another worker holds the message right now, until its lease ends. */
  | { kind: 'busy'; lockedUntil: Date | null }
  /** no row (a job enqueued before the projection existed): send without recording. */
  | { kind: 'missing' };

export type SendDecision =
  /** Already sent (or abandoned): never send again. */
  | { action: 'skip'; status: MessageStatus }
  /** Held by another worker: try again once its lease has ended (at `at`, epoch ms). */
  | { action: 'wait'; at: number }
  /** No courier message to record on: send, record nothing. */
  | { action: 'send-untracked' }
  /** The first send of this message. */
  | { action: 'send'; messageId: string; possibleDuplicate: false }
  /** An attempt before this one handed the mail to SMTP and was never heard of again (the worker crashed):
   * the mail may be out already. Send it again (same Message-ID) and flag the message a possible duplicate. */
  | { action: 'send'; messageId: string; possibleDuplicate: true };

/** A little past the holder's lease, so the next claim finds it lapsed. */
export const LEASE_MARGIN_MS = 100;

/** Fresh send, possible-duplicate resend, or skip: decided from the claim alone (pure). */
export function decideSend(claim: Claim, now: number): SendDecision {
  switch (claim.kind) {
    case 'final':
      return { action: 'skip', status: claim.status };
    case 'busy':
      return { action: 'wait', at: Math.max(now, claim.lockedUntil?.getTime() ?? now) + LEASE_MARGIN_MS };
    case 'missing':
      return { action: 'send-untracked' };
    case 'claimed':
      return claim.sendStarted ? { action: 'send', messageId: claim.messageId, possibleDuplicate: true } : { action: 'send', messageId: claim.messageId, possibleDuplicate: false };
  }
}
