/** Why a verification step was refused; the handler turns each into Kratos's answer. */
export type VerificationRejection =
  | { reason: 'flow_not_found' }
  | { reason: 'flow_expired'; expiredAt: string }
  | { reason: 'flow_completed' }
  /** a wrong, used or foreign code/token (4070006 / 4070001); counts as a failed submission */
  | { reason: 'secret_invalid' }
  /** max_submissions wrong codes were submitted: the flow takes no code any more */
  | { reason: 'too_many_submissions' }
  /** the code/token matched but its lifespan is over (4070005) */
  | { reason: 'secret_expired'; expiredAt: string };
