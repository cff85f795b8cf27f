import { AuthenticationMethod, SessionIssued } from '@gatehouse/contracts';
import type { SessionRecord } from './session.repository';

/** Kratos's Session.SetAuthenticatorAssuranceLevel: aal2 once the methods include both an aal1 and an aal2
 * factor, aal1 for any other non-empty list. */
export function assuranceLevel(methods: readonly AuthenticationMethod[]): SessionRecord['aal'] {
  const levels = new Set(methods.map((m) => m.aal));
  return levels.has('aal1') && levels.has('aal2') ? 'aal2' : 'aal1';
}

/** Pure: a session re-authenticated with `method` at `now` (a login with refresh=true on it), as Kratos's
 * CompletedLoginForMethod + ActivateSession + UpsertSession leave it: same id, tokens and issued_at; the method
 * appended to authentication_methods; authenticated_at = now and expires_at = now + lifespan. */
export function reauthenticated(session: SessionRecord, method: Omit<AuthenticationMethod, 'completed_at'>, now: Date, lifespanMs: number): SessionRecord {
  const at = now.toISOString();
  const authenticationMethods = [...session.authenticationMethods, { ...method, completed_at: at }];
  return {
    ...session,
    active: true,
    aal: assuranceLevel(authenticationMethods),
    authenticationMethods,
    authenticatedAt: at,
    expiresAt: new Date(now.getTime() + lifespanMs).toISOString(),
  };
}

/** The SessionIssued event that records a session's state after an issue, refresh, recovery or extend. */
export function sessionIssued(session: SessionRecord, reason: SessionIssued.V1.Data['reason']): SessionIssued.V1.Data {
  return {
    session_id: session.id,
    identity_id: session.identityId,
    reason,
    authenticator_assurance_level: session.aal,
    authentication_methods: session.authenticationMethods,
    issued_at: session.issuedAt,
    authenticated_at: session.authenticatedAt,
    expires_at: session.expiresAt,
  };
}
