/** Why a login was refused outright (no attempt recorded); failed credentials are an event, not a rejection. */
export type LoginRejection = { reason: 'flow_not_found' } | { reason: 'flow_expired'; expiredAt: string } | { reason: 'flow_completed' };
