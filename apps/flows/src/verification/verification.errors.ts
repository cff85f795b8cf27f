import { ChallengeRejection } from '../challenge/challenge.decide';

/** Why a verification step was refused (secret_invalid: 4070006 / 4070001; secret_expired: 4070005); the
 * handler turns each into Kratos's answer. */
export type VerificationRejection = ChallengeRejection;
