import { ChallengeRecipient, ChallengeRejection, ChallengeRequest, ChallengeSubmission } from '../challenge/challenge.decide';

/** A known recovery address, as the write side's identity copy has it. */
export type RecoveryRecipient = ChallengeRecipient;

/** Send a code or a link. `recipient` is absent for an unknown address: nothing is sent, the answer is the same. */
export type RequestRecovery = ChallengeRequest<'RequestRecovery'>;

/** Submit a code (or open a link). `match` is the unused secret of this flow whose digest matches, if any. */
export interface SubmitRecoverySecret extends ChallengeSubmission<'SubmitRecoverySecret', { identityId: string; address?: string; expiresAt: Date }> {
  /** Ids of what a success creates (passed in: deciders are pure). */
  sessionId: string;
  settingsFlowId: string;
}

export type RecoveryCommand = RequestRecovery | SubmitRecoverySecret;

/** Why a recovery step was refused (secret_invalid: 4060006 / 4060004; secret_expired: 4060005); the handler
 * turns each into Kratos's answer. */
export type RecoveryRejection = ChallengeRejection;
