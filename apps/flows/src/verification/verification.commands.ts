import { ChallengeRecipient, ChallengeRequest, ChallengeSubmission } from '../challenge/challenge.decide';

/** A known verifiable address, as the write side's identity copy has it. */
export type VerificationRecipient = ChallengeRecipient;

/** Send a code or a link. `recipient` is absent for an unknown address: nothing is sent, the answer is the same. */
export type RequestVerification = ChallengeRequest<'RequestVerification'>;

/** Submit a code (or open a link). `match` is the unused secret of this flow whose digest matches, if any. */
export type SubmitVerificationSecret = ChallengeSubmission<'SubmitVerificationSecret', VerificationRecipient & { expiresAt: Date }>;

export type VerificationCommand = RequestVerification | SubmitVerificationSecret;
