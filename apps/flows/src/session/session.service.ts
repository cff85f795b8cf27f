import { Inject, Injectable } from '@nestjs/common';
import { IdentityView, KratosError, SessionAalRaised, SessionIssued, SessionRevoked, SessionView, schemaUrl, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { SessionRecord, SessionRepository } from './session.repository';
import { RequiredAal, aal2LoginUrl, aal2Required, availableAal, satisfiesAal } from './aal';
import { SessionSecrets, raised, reauthenticated, sessionFields, sessionIssued } from './session.state';
import { newLogoutToken, newSessionToken, tokenDigest } from './session.tokens';

export const SESSION_SETTINGS = Symbol('SESSION_SETTINGS');

export interface SessionSettings {
  lifespanMs: number;
  publicBaseUrl: string;
  /** session.whoami.required_aal */
  whoamiRequiredAal?: RequiredAal;
  clock: () => Date;
}

export interface IssuedSession {
  token: string;
  logoutToken: string;
  session: SessionRecord;
}

export interface ResolvedSession {
  session: SessionRecord;
  identity: IdentityView;
  /** The highest assurance level the identity's credentials allow (aal2 with a second factor). */
  availableAal: 'aal1' | 'aal2';
}

/** Issues, resolves and revokes sessions; every change is an event on the session's stream. */
@Injectable()
export class SessionService {
  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionRepository,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  now(): Date {
    return this.settings.clock();
  }

  /** A new session in the caller's transaction, with fresh tokens (no fixation). */
  async issue(
    tx: EventStoreTransaction,
    input: { sessionId: string; identityId: string; method: string; reason: Exclude<SessionIssued.V1.Data['reason'], 'refresh' | 'extend'>; now: Date },
  ): Promise<IssuedSession> {
    const at = input.now.toISOString();
    const session: SessionRecord = {
      id: input.sessionId,
      identityId: input.identityId,
      active: true,
      aal: 'aal1',
      authenticationMethods: [{ method: input.method, aal: 'aal1', completed_at: at }],
      issuedAt: at,
      authenticatedAt: at,
      expiresAt: new Date(input.now.getTime() + this.settings.lifespanMs).toISOString(),
    };
    const token = newSessionToken();
    const logoutToken = newLogoutToken();
    await this.appendIssued(tx, session, input.reason, { token_hash: tokenDigest(token) });
    await this.sessions.saveLogoutToken(tx, session.id, tokenDigest(logoutToken));
    return { token, logoutToken, session };
  }

  /** Re-authenticates an active session in the caller's transaction (a login with refresh=true): the session row is
   * locked and the method appended to what it holds then, so concurrent refreshes lose nothing. Its tokens stay.
   * Null when the session ended (or expired) since the request resolved it. */
  async reauthenticate(tx: EventStoreTransaction, input: { sessionId: string; method: string; now: Date }): Promise<SessionRecord | null> {
    const current = await this.sessions.lockActive(tx, input.sessionId, input.now);
    if (!current) return null;
    const session = reauthenticated(current, { method: input.method, aal: 'aal1' }, input.now, this.settings.lifespanMs);
    await this.appendIssued(tx, session, 'refresh');
    return session;
  }

  /** Adds a second factor to an active session in the caller's transaction (a login at aal=aal2): the session row is
   * locked, the method appended and the level recomputed (SessionAalRaised). Its tokens and authenticated_at stay.
   * Null when the session ended since the request resolved it. */
  async raise(tx: EventStoreTransaction, input: { sessionId: string; method: string; now: Date }): Promise<SessionRecord | null> {
    const current = await this.sessions.lockActive(tx, input.sessionId, input.now);
    if (!current) return null;
    const session = raised(current, input.method, input.now);
    const data: SessionAalRaised.V1.Data = { ...sessionFields(sessionIssued(session, 'login')), method: input.method, previous_aal: current.aal };
    const stream = streamId.session(session.id);
    await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: session.identityId, events: [{ type: SessionAalRaised.V1.name, version: 1, data }] });
    return session;
  }

  /** SessionIssued on the session's stream; the projection (identity/inline-projections.ts) writes the row. */
  private async appendIssued(tx: EventStoreTransaction, session: SessionRecord, reason: SessionIssued.V1.Data['reason'], secrets?: SessionSecrets): Promise<void> {
    const stream = streamId.session(session.id);
    const events = [{ type: SessionIssued.V1.name, version: 1, data: sessionIssued(session, reason), ...(secrets ? { secrets: { ...secrets } } : {}) }];
    await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: session.identityId, events });
  }

  /** The active session a token names, with its identity; null when the token is unknown, revoked or expired. */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token) return null;
    const found = await this.sessions.findActiveWithIdentity(tokenDigest(token), this.now());
    if (!found) return null;
    const identity = { ...found.identity, schema_url: schemaUrl(this.settings.publicBaseUrl, found.identity.schema_id) };
    return { session: found.session, identity, availableAal: availableAal(found.secondFactor) };
  }

  /** whoami's answer to a session below session.whoami.required_aal: 403 session_aal2_required toward the aal2
   * login (undefined when the session is enough). */
  whoamiRefusal(resolved: ResolvedSession, returnTo?: string): KratosError | undefined {
    if (satisfiesAal(resolved.session, resolved.availableAal, this.settings.whoamiRequiredAal ?? 'highest_available')) return undefined;
    return aal2Required(aal2LoginUrl(this.settings.publicBaseUrl, returnTo));
  }

  /** A fresh logout token for a session (only its digest is kept; the plain token is returned once). */
  async mintLogoutToken(sessionId: string): Promise<string | null> {
    const token = newLogoutToken();
    return (await this.sessions.setLogoutToken(sessionId, tokenDigest(token))) ? token : null;
  }

  async byLogoutToken(token: string): Promise<SessionRecord | null> {
    return this.sessions.findActiveByToken(tokenDigest(token), this.now(), 'logout');
  }

  async identity(id: string): Promise<IdentityView | null> {
    const identity = await this.sessions.findIdentity(id);
    return identity && { ...identity, schema_url: schemaUrl(this.settings.publicBaseUrl, identity.schema_id) };
  }

  listActive(identityId: string): Promise<SessionRecord[]> {
    return this.sessions.listActive(identityId, this.now());
  }

  /** Revokes sessions of one identity; returns how many were active. */
  async revoke(identityId: string, sessionIds: string[], reason: SessionRevoked.V1.Data['reason']): Promise<number> {
    const now = this.now();
    const { result } = await this.store.transact((tx) => this.revokeIn(tx, identityId, sessionIds, reason, now));
    return result;
  }

  /** Revokes every active session of an identity in the caller's transaction (a recovery ends them all). */
  async revokeAllIn(tx: EventStoreTransaction, identityId: string, reason: SessionRevoked.V1.Data['reason'], now: Date): Promise<number> {
    const active = await this.sessions.listActive(identityId, now);
    return this.revokeIn(tx, identityId, active.map((s) => s.id), reason, now);
  }

  private async revokeIn(tx: EventStoreTransaction, identityId: string, sessionIds: string[], reason: SessionRevoked.V1.Data['reason'], now: Date): Promise<number> {
    let count = 0;
    for (const id of sessionIds) {
      if (!(await this.sessions.lockIfActive(tx, id))) continue;
      count++;
      const stream = streamId.session(id);
      const data: SessionRevoked.V1.Data = { session_id: id, identity_id: identityId, reason, revoked_at: now.toISOString() };
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events: [{ type: SessionRevoked.V1.name, version: 1, data }] });
    }
    return count;
  }

  view(session: SessionRecord, identity?: IdentityView): SessionView {
    return {
      id: session.id,
      active: session.active,
      expires_at: session.expiresAt,
      authenticated_at: session.authenticatedAt,
      issued_at: session.issuedAt,
      authenticator_assurance_level: session.aal,
      authentication_methods: session.authenticationMethods,
      ...(identity ? { identity } : {}),
      devices: [],
    };
  }
}
