import { ErrorIds, KratosError } from '@gatehouse/contracts';

/** 403 security_identity_mismatch: the settings flow belongs to another identity. */
export function identityMismatch(): KratosError {
  return KratosError.of(ErrorIds.ErrIDInitiatedBySomeoneElse);
}

/** 403 session_refresh_required: a privileged change with a session authenticated too long ago. */
export function sessionRefreshRequired(redirectTo: string): KratosError {
  return KratosError.of(ErrorIds.ErrIDNeedsPrivilegedSession, { details: { redirect_browser_to: redirectTo } }, { redirect_browser_to: redirectTo });
}
