import { RecoveryMethod } from './recovery.state';

/** A known recovery address, as the write side's identity copy has it. */
export interface RecoveryRecipient {
  identityId: string;
  addressId: string;
  address: string;
  via: 'email' | 'sms';
}

/** Send a code or a link. `recipient` is absent for an unknown address: nothing is sent, the answer is the same. */
export interface RequestRecovery {
  type: 'RequestRecovery';
  now: Date;
  flowId: string;
  method: RecoveryMethod;
  address: string;
  recipient?: RecoveryRecipient;
  /** The code or token, sealed for the notifier (its digest stays in Postgres). */
  sealed: string;
  expiresAt: Date;
}

/** Submit a code (or open a link). `match` is the unused secret of this flow whose digest matches, if any. */
export interface SubmitRecoverySecret {
  type: 'SubmitRecoverySecret';
  now: Date;
  flowId: string;
  method: RecoveryMethod;
  /** selfservice.methods.code.config.max_submissions */
  maxSubmissions: number;
  match?: { identityId: string; address?: string; expiresAt: Date };
  /** Ids of what a success creates (passed in: deciders are pure). */
  sessionId: string;
  settingsFlowId: string;
}

export type RecoveryCommand = RequestRecovery | SubmitRecoverySecret;

/** Why a recovery step was refused; the handler turns each into Kratos's answer. */
export type RecoveryRejection =
  | { reason: 'flow_not_found' }
  | { reason: 'flow_expired'; expiredAt: string }
  | { reason: 'flow_completed' }
  /** a wrong, used or foreign code/token (4060006 / 4060004); counts as a failed submission */
  | { reason: 'secret_invalid' }
  /** max_submissions wrong codes were submitted: the flow takes no code any more */
  | { reason: 'too_many_submissions' }
  /** the code/token matched but its lifespan is over (4060005) */
  | { reason: 'secret_expired'; expiredAt: string };
