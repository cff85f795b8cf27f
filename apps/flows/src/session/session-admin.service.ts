import { Inject, Injectable } from '@nestjs/common';
import { IdentityView, SessionIssued, SessionView, streamId } from '@gatehouse/contracts';
import { EventStore } from '@gatehouse/eventsourcing';
import { resourceNotFound } from '../http/answer';
import { SessionListQuery } from './session-admin.params';
import { SessionAdminQueries, SessionPageKey } from './session-admin.queries';
import { SessionRecord } from './session.repository';
import { SessionService } from './session.service';

export const SESSION_ADMIN_SETTINGS = Symbol('SESSION_ADMIN_SETTINGS');

export interface SessionAdminSettings {
  lifespanMs: number;
  /** session.earliest_possible_extend (default: the lifespan, as Kratos). */
  earliestPossibleExtendMs: number;
}

export interface SessionListPage {
  items: SessionView[];
  next?: SessionPageKey;
}

const notFound = resourceNotFound;

/** Kratos's admin session API over the sessions table: list, get, deactivate, extend, per-identity list and revoke. */
@Injectable()
export class SessionAdmin {
  constructor(
    private readonly store: EventStore,
    private readonly queries: SessionAdminQueries,
    private readonly sessions: SessionService,
    @Inject(SESSION_ADMIN_SETTINGS) private readonly settings: SessionAdminSettings,
  ) {}

  async list(query: SessionListQuery, identityId?: string): Promise<SessionListPage> {
    if (identityId !== undefined && !(await this.queries.identityExists(identityId))) throw notFound();
    const page = await this.queries.page({ identityId, active: query.active, after: query.after, size: query.pageSize });
    return { items: await this.views(page.items, query.expandIdentity), next: page.next };
  }

  async get(id: string, expandIdentity: boolean): Promise<SessionView> {
    const session = await this.queries.findById(id);
    if (!session) throw notFound();
    return (await this.views([session], expandIdentity))[0]!;
  }

  /** Deactivates (does not delete) a session; an already inactive one is a no-op, as Kratos's UPDATE is. */
  async disable(id: string): Promise<void> {
    const session = await this.queries.findById(id);
    if (!session) throw notFound();
    if (session.active) await this.sessions.revoke(session.identityId, [id], 'revoked_by_admin');
  }

  /** Every active session of a known identity ends (Kratos deletes them; here they are deactivated, with events). */
  async revokeAllOf(identityId: string): Promise<void> {
    if (!(await this.queries.identityExists(identityId))) throw notFound();
    const now = this.sessions.now();
    await this.store.transact((tx) => this.sessions.revokeAllIn(tx, identityId, 'revoked_by_admin', now));
  }

  /** expires_at = now + lifespan, but only once less than earliest_possible_extend is left (Kratos's
   * CanBeRefreshed); before that the session comes back unchanged, as Kratos answers (200). */
  async extend(id: string): Promise<SessionView> {
    const now = this.sessions.now();
    const { result } = await this.store.transact(async (tx) => {
      const session = await this.queries.findById(id, tx);
      if (!session) throw notFound();
      const due = Date.parse(session.expiresAt) - this.settings.earliestPossibleExtendMs < now.getTime();
      if (!session.active || !due) return session;
      const extended: SessionRecord = { ...session, expiresAt: new Date(now.getTime() + this.settings.lifespanMs).toISOString() };
      const stream = streamId.session(id);
      const data: SessionIssued.V1.Data = {
        session_id: id,
        identity_id: extended.identityId,
        reason: 'extend',
        authenticator_assurance_level: extended.aal,
        authentication_methods: extended.authenticationMethods,
        issued_at: extended.issuedAt,
        authenticated_at: extended.authenticatedAt,
        expires_at: extended.expiresAt,
      };
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: extended.identityId, events: [{ type: SessionIssued.V1.name, version: 1, data }] });
      return extended;
    });
    return this.sessions.view(result);
  }

  private async views(items: SessionRecord[], expandIdentity: boolean): Promise<SessionView[]> {
    const identities = new Map<string, IdentityView | null>();
    if (expandIdentity) for (const s of items) if (!identities.has(s.identityId)) identities.set(s.identityId, await this.sessions.identity(s.identityId));
    return items.map((s) => this.sessions.view(s, identities.get(s.identityId) ?? undefined));
  }
}
