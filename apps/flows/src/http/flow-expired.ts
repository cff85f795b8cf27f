import { ErrorIds, KratosError } from '@gatehouse/contracts';

/** Kratos's 410 for an expired flow, pointing API clients at a fresh flow (`use_flow_id`). */
export function flowExpired(expiresAt: string, now: Date, freshFlowId: string): { status: 410; body: unknown } {
  const sinceMs = now.getTime() - Date.parse(expiresAt);
  const error = KratosError.of(
    ErrorIds.ErrIDSelfServiceFlowExpired,
    { reason: `The self-service flow expired ${(sinceMs / 60_000).toFixed(2)} minutes ago, initialize a new one.` },
    { use_flow_id: freshFlowId, expired_at: expiresAt, since: sinceMs * 1_000_000 },
  );
  return { status: 410, body: error.toEnvelope() };
}

/** 400 session_already_available: the request already carries a valid session. */
export function sessionAlreadyAvailable(): KratosError {
  return KratosError.of(ErrorIds.ErrIDAlreadyLoggedIn);
}
