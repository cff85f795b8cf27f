import { Pool } from 'pg';
import { AuthenticationMethod, IdentityView } from '@gatehouse/contracts';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';

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

export interface NewSession extends SessionRecord {
  tokenDigest: string;
  logoutTokenDigest: string;
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

/** Sessions (tokens stored as digests) and the write side's copy of each identity they belong to. */
export class SessionRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async insert(tx: EventStoreTransaction, s: NewSession): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.sessions (id, identity_id, token_hash, logout_token_hash, active, aal, authentication_methods, issued_at, authenticated_at, expires_at)
       VALUES ($1, $2, $3, $4, true, $5, $6, $7, $8, $9)`,
      [s.id, s.identityId, s.tokenDigest, s.logoutTokenDigest, s.aal, JSON.stringify(s.authenticationMethods), s.issuedAt, s.authenticatedAt, s.expiresAt],
    );
  }

  /** The active, unexpired session with this id, locked until the transaction ends (a refresh folds onto it). */
  async lockActive(tx: EventStoreTransaction, sessionId: string, now: Date): Promise<SessionRecord | null> {
    const r = await tx.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE id = $1 AND active AND expires_at > $2 FOR UPDATE`, [sessionId, now]);
    return r.rows[0] ? toRecord(r.rows[0]) : null;
  }

  /** Re-authentication (login with refresh=true): same id and tokens, as Kratos keeps them; new assurance level,
   * methods, authentication time and expiry. */
  async reauthenticate(tx: EventStoreTransaction, s: SessionRecord): Promise<void> {
    await tx.query(
      `UPDATE ${this.s}.sessions SET aal = $2, authentication_methods = $3, authenticated_at = $4, expires_at = $5 WHERE id = $1 AND active`,
      [s.id, s.aal, JSON.stringify(s.authenticationMethods), s.authenticatedAt, s.expiresAt],
    );
  }

  /** Replaces the logout token of an active session (browser logout mints a fresh one on every request). */
  async setLogoutToken(sessionId: string, digest: string): Promise<boolean> {
    const r = await this.pool.query(`UPDATE ${this.s}.sessions SET logout_token_hash = $2 WHERE id = $1 AND active`, [sessionId, digest]);
    return r.rowCount === 1;
  }

  async revoke(tx: EventStoreTransaction, sessionId: string, at: Date): Promise<boolean> {
    const r = await tx.query(`UPDATE ${this.s}.sessions SET active = false, revoked_at = $2 WHERE id = $1 AND active`, [sessionId, at]);
    return r.rowCount === 1;
  }

  /** The active, unexpired session a token belongs to. */
  async findActiveByToken(digest: string, now: Date, column: 'token_hash' | 'logout_token_hash' = 'token_hash'): Promise<SessionRecord | null> {
    const r = await this.pool.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE ${column} = $1 AND active AND expires_at > $2`, [digest, now]);
    return r.rows[0] ? toRecord(r.rows[0]) : null;
  }

  async listActive(identityId: string, now: Date): Promise<SessionRecord[]> {
    const r = await this.pool.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE identity_id = $1 AND active AND expires_at > $2 ORDER BY issued_at, id`, [identityId, now]);
    return r.rows.map(toRecord);
  }

  async saveIdentity(tx: EventStoreTransaction, identity: IdentityView): Promise<void> {
    await this.saveIdentities(tx, [identity]);
  }

  /** Inserts or replaces identities in one statement. `metadata_admin` and `external_id` are written only with
   * `admin` (the admin API owns them); self-service writes leave them as they are. */
  async saveIdentities(tx: EventStoreTransaction, identities: ReadonlyArray<Omit<IdentityView, 'schema_url' | 'credentials'>>, options: { admin?: boolean } = {}): Promise<void> {
    if (identities.length === 0) return;
    const rows = identities.map((i) => ({
      id: i.id,
      schema_id: i.schema_id,
      state: i.state,
      traits: i.traits,
      verifiable_addresses: i.verifiable_addresses,
      recovery_addresses: i.recovery_addresses,
      metadata_public: i.metadata_public ?? null,
      metadata_admin: i.metadata_admin ?? null,
      external_id: i.external_id ?? null,
      created_at: i.created_at,
      updated_at: i.updated_at,
      state_changed_at: i.state_changed_at,
    }));
    const admin = options.admin === true;
    await tx.query(
      `INSERT INTO ${this.s}.identities (id, schema_id, state, traits, verifiable_addresses, recovery_addresses, metadata_public, metadata_admin, external_id, created_at, updated_at, state_changed_at)
       SELECT id, schema_id, state, traits, verifiable_addresses, recovery_addresses, metadata_public, CASE WHEN $2 THEN metadata_admin END, CASE WHEN $2 THEN external_id END, created_at, updated_at, state_changed_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, schema_id text, state text, traits jsonb, verifiable_addresses jsonb, recovery_addresses jsonb, metadata_public jsonb,
              metadata_admin jsonb, external_id text, created_at timestamptz, updated_at timestamptz, state_changed_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET schema_id = excluded.schema_id, state = excluded.state, traits = excluded.traits, verifiable_addresses = excluded.verifiable_addresses,
         recovery_addresses = excluded.recovery_addresses, metadata_public = excluded.metadata_public, updated_at = excluded.updated_at, state_changed_at = excluded.state_changed_at,
         metadata_admin = CASE WHEN $2 THEN excluded.metadata_admin ELSE ${this.s}.identities.metadata_admin END,
         external_id = CASE WHEN $2 THEN excluded.external_id ELSE ${this.s}.identities.external_id END`,
      [JSON.stringify(rows), admin],
    );
  }

  /** Removes the write side's copy of an identity; its sessions go with it (ON DELETE CASCADE). */
  async deleteIdentity(tx: EventStoreTransaction, id: string): Promise<boolean> {
    const r = await tx.query(`DELETE FROM ${this.s}.identities WHERE id = $1`, [id]);
    return r.rowCount === 1;
  }

  async findIdentity(id: string): Promise<Omit<IdentityView, 'schema_url'> | null> {
    const r = await this.pool.query<IdentityRow>(`SELECT * FROM ${this.s}.identities WHERE id = $1`, [id]);
    return r.rows[0] ? toIdentity(r.rows[0]) : null;
  }

  /** whoami's one round trip: the active, unexpired session of a token together with its active identity. */
  async findActiveWithIdentity(digest: string, now: Date): Promise<{ session: SessionRecord; identity: Omit<IdentityView, 'schema_url'> } | null> {
    const r = await this.pool.query(
      `SELECT to_jsonb(s) AS session, to_jsonb(i) AS identity
         FROM ${this.s}.sessions s JOIN ${this.s}.identities i ON i.id = s.identity_id
        WHERE s.token_hash = $1 AND s.active AND s.expires_at > $2 AND i.state = 'active'`,
      [digest, now],
    );
    const row = r.rows[0] as { session: Record<string, unknown>; identity: Record<string, unknown> } | undefined;
    if (!row) return null;
    const dates = (o: Record<string, unknown>, keys: string[]) => ({ ...o, ...Object.fromEntries(keys.map((k) => [k, new Date(o[k] as string)])) });
    return {
      session: toRecord(dates(row.session, ['issued_at', 'authenticated_at', 'expires_at']) as unknown as SessionRow),
      identity: toIdentity(dates(row.identity, ['created_at', 'updated_at', 'state_changed_at']) as unknown as IdentityRow),
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
