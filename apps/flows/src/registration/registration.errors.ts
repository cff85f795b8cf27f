/** Why a registration was refused by the decider; the handler turns each into Kratos's answer. */
export type RegistrationRejection =
  | { reason: 'flow_not_found' }
  | { reason: 'flow_expired'; expiredAt: string }
  | { reason: 'flow_completed' }
  | { reason: 'flow_schema_mismatch' }
  | { reason: 'no_identifier' };
