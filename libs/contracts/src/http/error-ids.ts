/** One of Kratos's error ids: the `error.id` on the wire, its HTTP status and the reason and message Kratos
 * answers unless the error names its own (the message falls back to herodot's text for the status). */
export interface ErrorIdDefinition {
  readonly id: string;
  readonly code: number;
  readonly reason?: string;
  readonly message?: string;
}

/** Kratos's error ids (kratos:text/id.go `ErrID…`, kratos:selfservice/flow/error.go, kratos:x/nosurfx), by
 * Kratos's names. Every error that carries an `error.id` is made from this table (`KratosError.of`). */
export const ErrorIds = {
  ErrNoActiveSession: {
    id: 'session_inactive',
    code: 401,
    reason: 'No active session was found in this request.',
    message: 'request does not have a valid authentication session',
  },
  ErrIDAlreadyLoggedIn: {
    id: 'session_already_available',
    code: 400,
    reason: 'A valid session was detected and thus the flow can not be initialized or completed.',
    message: 'A valid session was detected and thus the flow can not be initialized or completed.',
  },
  ErrIDNeedsPrivilegedSession: {
    id: 'session_refresh_required',
    code: 403,
    reason: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
    message: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
  },
  ErrIDSessionRequiredForHigherAAL: {
    id: 'session_aal1_required',
    code: 401,
    reason: 'You can not requested a higher AAL (AAL2/AAL3) without an active session.',
    message: 'aal2 and aal3 can only be requested if a session exists already',
  },
  ErrIDHigherAALRequired: {
    id: 'session_aal2_required',
    code: 403,
    reason: 'An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.',
    message: 'Session does not fulfill the requested Authenticator Assurance Level',
  },
  ErrIDSessionHasAALAlready: { id: 'session_aal_already_fulfilled', code: 400 },
  ErrIDAddressNotVerified: { id: 'session_verified_address_required', code: 403 },
  /** the reason names how long ago the flow expired */
  ErrIDSelfServiceFlowExpired: { id: 'self_service_flow_expired', code: 410, message: 'self-service flow expired' },
  ErrIDSelfServiceFlowReplaced: { id: 'self_service_flow_replaced', code: 410 },
  ErrIDSelfServiceFlowDisabled: { id: 'self_service_flow_disabled', code: 400 },
  /** the reason names the refused URL */
  ErrIDRedirectURLNotAllowed: { id: 'self_service_flow_return_to_forbidden', code: 400 },
  /** the reason names where the browser must go */
  ErrIDSelfServiceBrowserLocationChangeRequiredError: { id: 'browser_location_change_required', code: 422, message: 'browser location change required' },
  ErrIDInitiatedBySomeoneElse: {
    id: 'security_identity_mismatch',
    code: 403,
    reason: 'You must restart the flow because the resumable session was initiated by another person.',
    message: 'The requested action was forbidden',
  },
  /** `details` carry the docs link, the hint and the reject reason */
  ErrIDCSRF: {
    id: 'security_csrf_violation',
    code: 403,
    reason:
      'Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
    message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
  },
} as const satisfies Record<string, ErrorIdDefinition>;

/** An `error.id` value Kratos defines. */
export type ErrorId = (typeof ErrorIds)[keyof typeof ErrorIds]['id'];
