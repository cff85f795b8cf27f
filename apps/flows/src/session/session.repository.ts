import { Pool } from 'pg';
import { AuthenticationMethod, IdentityView } from '@gatehouse/contracts';
import { EventStoreTransaction, Queryable, ident } from '@gatehouse/eventsourcing';

export interface SessionRecord {
  id: string;
  identityId: string;
  active: boolean;
  aal: 'aal1' | 'aal2';
  authenticationMethods: AuthenticationMethod[];
  issuedAt: string;
  authenticatedAt: string;
  expiresAt: string;
}

export interface SessionRow {
  id: string;
  identity_id: string;
  active: boolean;
  aal: 'aal1' | 'aal2';
  authentication_methods: AuthenticationMethod[];
  issued_at: Date;
  authenticated_at: Date;
  expires_at: Date;
}

export const toRecord = (r: SessionRow): SessionRecord => ({
  id: r.id,
  identityId: r.identity_id,
  active: r.active,
  aal: r.aal,
  authenticationMethods: r.authentication_methods,
  issuedAt: r.issued_at.toISOString(),
  authenticatedAt: r.authenticated_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
});

/** Reads of the sessions and identities projections (identity/inline-projections.ts writes them) and the logout
 * tokens beside them. */
export class SessionRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  /** Keeps the digest of a session's logout token (request state beside the projection: a browser logout mints
   * a fresh one on every request). */
  async saveLogoutToken(db: Queryable, sessionId: string, digest: string): Promise<void> {
    await db.query(
      `INSERT INTO ${this.s}.session_logout_tokens (session_id, token_hash) VALUES ($1, $2) ON CONFLICT (session_id) DO UPDATE SET token_hash = excluded.token_hash`,
      [sessionId, digest],
    );
  }

  /** The active, unexpired session with this id, locked until the transaction ends (a refresh folds onto it). */
  async lockActive(tx: EventStoreTransaction, sessionId: string, now: Date): Promise<SessionRecord | null> {
    const r = await tx.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE id = $1 AND active AND expires_at > $2 FOR UPDATE`, [sessionId, now]);
    return r.rows[0] ? toRecord(r.rows[0]) : null;
  }

  /** Replaces the logout token of an active session (browser logout mints a fresh one on every request). */
  async setLogoutToken(sessionId: string, digest: string): Promise<boolean> {
    const r = await this.pool.query(`SELECT 1 FROM ${this.s}.sessions WHERE id = $1 AND active`, [sessionId]);
    if (r.rowCount !== 1) return false;
    await this.saveLogoutToken(this.pool, sessionId, digest);
    return true;
  }

  /** Whether the session is active, with its row locked until the transaction ends (a revocation decides on it). */
  async lockIfActive(tx: EventStoreTransaction, sessionId: string): Promise<boolean> {
    const r = await tx.query(`SELECT 1 FROM ${this.s}.sessions WHERE id = $1 AND active FOR UPDATE`, [sessionId]);
    return r.rowCount === 1;
  }

  /** The active, unexpired session a token belongs to. */
  async findActiveByToken(digest: string, now: Date, token: 'session' | 'logout' = 'session'): Promise<SessionRecord | null> {
    const r =
      token === 'session'
        ? await this.pool.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE token_hash = $1 AND active AND expires_at > $2`, [digest, now])
        : await this.pool.query<SessionRow>(
            `SELECT s.* FROM ${this.s}.session_logout_tokens l JOIN ${this.s}.sessions s ON s.id = l.session_id WHERE l.token_hash = $1 AND s.active AND s.expires_at > $2`,
            [digest, now],
          );
    return r.rows[0] ? toRecord(r.rows[0]) : null;
  }

  async listActive(identityId: string, now: Date): Promise<SessionRecord[]> {
    const r = await this.pool.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE identity_id = $1 AND active AND expires_at > $2 ORDER BY issued_at, id`, [identityId, now]);
    return r.rows.map(toRecord);
  }

  async findIdentity(id: string): Promise<Omit<IdentityView, 'schema_url'> | null> {
    const r = await this.pool.query<IdentityRow>(`SELECT * FROM ${this.s}.identities WHERE id = $1`, [id]);
    return r.rows[0] ? toIdentity(r.rows[0]) : null;
  }

  /** whoami's one round trip: the active, unexpired session of a token together with its active identity. */
  /** The active session a token digest names, its identity and whether that identity has a second factor (what its
   * available assurance level follows from). */
  async findActiveWithIdentity(digest: string, now: Date): Promise<{ session: SessionRecord; identity: Omit<IdentityView, 'schema_url'>; secondFactor: boolean } | null> {
    const r = await this.pool.query(
      `SELECT to_jsonb(s) AS session, to_jsonb(i) AS identity,
              i.available_aal = 'aal2' AS second_factor
         FROM ${this.s}.sessions s JOIN ${this.s}.identities i ON i.id = s.identity_id
        WHERE s.token_hash = $1 AND s.active AND s.expires_at > $2 AND i.state = 'active'`,
      [digest, now],
    );
    const row = r.rows[0] as { session: Record<string, unknown>; identity: Record<string, unknown>; second_factor: boolean } | undefined;
    if (!row) return null;
    const dates = (o: Record<string, unknown>, keys: string[]) => ({ ...o, ...Object.fromEntries(keys.map((k) => [k, new Date(o[k] as string)])) });
    return {
      session: toRecord(dates(row.session, ['issued_at', 'authenticated_at', 'expires_at']) as unknown as SessionRow),
      identity: toIdentity(dates(row.identity, ['created_at', 'updated_at', 'state_changed_at']) as unknown as IdentityRow),
      secondFactor: row.second_factor,
    };
  }
}

export interface IdentityRow {
  id: string;
  schema_id: string;
  state: 'active' | 'inactive';
  traits: Record<string, unknown>;
  verifiable_addresses: IdentityView['verifiable_addresses'];
  recovery_addresses: IdentityView['recovery_addresses'];
  metadata_public: unknown;
  metadata_admin?: unknown;
  external_id?: string | null;
  created_at: Date;
  updated_at: Date;
  state_changed_at: Date;
}

/** The public view of a row (no metadata_admin, no external_id: whoami and settings show this). */
export function toIdentity(row: IdentityRow): Omit<IdentityView, 'schema_url'> {
  return {
    id: row.id,
    schema_id: row.schema_id,
    state: row.state,
    state_changed_at: row.state_changed_at.toISOString(),
    traits: row.traits,
    verifiable_addresses: row.verifiable_addresses,
    recovery_addresses: row.recovery_addresses,
    metadata_public: row.metadata_public,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    organization_id: null,
  };
}
