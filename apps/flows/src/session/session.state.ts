import { AuthenticationMethod, SessionAalRaised, SessionIssued, SessionRevoked } from '@gatehouse/contracts';
import type { StoredEvent } from '@gatehouse/eventsourcing';
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

/** Pure: a session that completed a second factor (`method`, aal2) at `now`: the method appended, the level
 * recomputed; authenticated_at, expiry and tokens stay (Kratos's CompletedLoginForMethod on an aal2 login flow). */
export function raised(session: SessionRecord, method: string, now: Date): SessionRecord {
  const authenticationMethods = [...session.authenticationMethods, { method, aal: 'aal2' as const, completed_at: now.toISOString() }];
  return { ...session, aal: assuranceLevel(authenticationMethods), authenticationMethods };
}

/** A SessionIssued's data without its reason (what SessionAalRaised records beside method and previous level). */
export function sessionFields(d: SessionIssued.V1.Data): Omit<SessionIssued.V1.Data, 'reason'> {
  return Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'reason')) as Omit<SessionIssued.V1.Data, 'reason'>;
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

/** A session as its stream makes it: the row of flows' `sessions` table (the inline projection). */
export interface SessionState {
  id: string;
  identity_id: string;
  token_hash: string;
  active: boolean;
  aal: SessionRecord['aal'];
  authentication_methods: AuthenticationMethod[];
  issued_at: string;
  authenticated_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** The sealed part of the SessionIssued that begins a session: the digest of its token. */
export interface SessionSecrets {
  token_hash: string;
}

/** Pure. SessionIssued records the session as it is after an issue, refresh, recovery or extend (the token digest
 * comes with the first one); SessionRevoked ends it. A shredded event (its identity was deleted) changes nothing. */
export function evolveSession(state: SessionState | null, event: StoredEvent): SessionState | null {
  if (event.shredded) return state;
  if (event.type === SessionIssued.V1.name) {
    const d = event.data as SessionIssued.V1.Data;
    const token = (event.secrets as SessionSecrets | undefined)?.token_hash ?? state?.token_hash;
    if (!token) return state;
    return {
      id: d.session_id,
      identity_id: d.identity_id,
      token_hash: token,
      active: state ? state.active : true,
      aal: d.authenticator_assurance_level === 'aal2' ? 'aal2' : 'aal1',
      authentication_methods: d.authentication_methods,
      issued_at: d.issued_at,
      authenticated_at: d.authenticated_at,
      expires_at: d.expires_at,
      revoked_at: state?.revoked_at ?? null,
    };
  }
  if (event.type === SessionAalRaised.V1.name && state) {
    const d = event.data as SessionAalRaised.V1.Data;
    return { ...state, aal: d.authenticator_assurance_level === 'aal2' ? 'aal2' : 'aal1', authentication_methods: d.authentication_methods, authenticated_at: d.authenticated_at, expires_at: d.expires_at };
  }
  if (event.type === SessionRevoked.V1.name && state) {
    return { ...state, active: false, revoked_at: (event.data as SessionRevoked.V1.Data).revoked_at };
  }
  return state;
}
