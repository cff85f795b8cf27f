import { KratosError } from '@gatehouse/contracts';

/** 403 security_identity_mismatch: the settings flow belongs to another identity. */
export function identityMismatch(): KratosError {
  return new KratosError(403, {
    id: 'security_identity_mismatch',
    reason: 'You must restart the flow because the resumable session was initiated by another person.',
    message: 'The requested action was forbidden',
  });
}

/** 403 session_refresh_required: a privileged change with a session authenticated too long ago. */
export function sessionRefreshRequired(redirectTo: string): KratosError {
  return new KratosError(
    403,
    {
      id: 'session_refresh_required',
      reason: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
      message: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
      details: { redirect_browser_to: redirectTo },
    },
    { redirect_browser_to: redirectTo },
  );
}
