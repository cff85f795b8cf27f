import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';

export const PASSWORD_IDENTIFIER_CLAIM = 'password_identifier';
/** `<provider>:<subject>` of an OIDC credential (Kratos's OIDCUniqueID), unique across identities. */
export const OIDC_IDENTIFIER_CLAIM = 'oidc_identifier';
export const EXTERNAL_ID_CLAIM = 'external_id';

export type CredentialType = 'password' | 'oidc';

/** One row of identity_credentials. The config holds the secret part (password: `{hashed_password}`, which an
 * identity created without a password lacks; oidc: `{providers: [{provider, subject}]}`). */
export interface StoredCredential {
  identity_id: string;
  type: CredentialType;
  identifiers: string[];
  config: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Credential secrets (password hashes) stay on the write side, beside the events that never carry them. */
export class CredentialsRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  /** The identity and password hash an identifier (already normalized) logs in with, found through its unique claim. */
  async findPassword(identifier: string): Promise<{ identityId: string; hashedPassword: string; state: 'active' | 'inactive' } | null> {
    const r = await this.pool.query<{ identity_id: string; config: { hashed_password: string }; state: 'active' | 'inactive' }>(
      `SELECT c.identity_id, c.config, i.state
         FROM ${this.s}.unique_claims u
         JOIN ${this.s}.identity_credentials c ON u.stream_id = 'identity:' || c.identity_id AND c.type = 'password'
         JOIN ${this.s}.identities i ON i.id = c.identity_id
        WHERE u.kind = $1 AND u.value = $2 AND c.config ? 'hashed_password'`,
      [PASSWORD_IDENTIFIER_CLAIM, identifier],
    );
    const row = r.rows[0];
    return row ? { identityId: row.identity_id, hashedPassword: row.config.hashed_password, state: row.state } : null;
  }

  /** Replaces a stored hash (upgrade to the configured hasher after a successful login). */
  /** Sets the password hash; with `replaces`, only while the stored hash is still that one (a login's rehash
   * must not undo a password change committed since the login read the hash). */
  async updatePasswordHash(tx: EventStoreTransaction, identityId: string, hashedPassword: string, at: Date, replaces?: string): Promise<void> {
    await tx.query(
      `UPDATE ${this.s}.identity_credentials SET config = jsonb_set(config, '{hashed_password}', to_jsonb($2::text)), updated_at = $3
        WHERE identity_id = $1 AND type = 'password'${replaces === undefined ? '' : ` AND config->>'hashed_password' = $4`}`,
      replaces === undefined ? [identityId, hashedPassword, at] : [identityId, hashedPassword, at, replaces],
    );
  }

  async savePassword(tx: EventStoreTransaction, identityId: string, identifiers: string[], hashedPassword: string, at: Date): Promise<void> {
    const when = at.toISOString();
    await this.saveCredentials(tx, [{ identity_id: identityId, type: 'password', identifiers, config: { hashed_password: hashedPassword }, version: 0, created_at: when, updated_at: when }]);
  }

  /** Inserts or replaces credentials in one statement (one identity or a whole import batch). */
  async saveCredentials(tx: EventStoreTransaction, rows: readonly StoredCredential[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ${this.s}.identity_credentials (identity_id, type, identifiers, config, version, created_at, updated_at)
       SELECT identity_id, type, ARRAY(SELECT jsonb_array_elements_text(identifiers)), config, version, created_at, updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(identity_id uuid, type text, identifiers jsonb, config jsonb, version integer, created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (identity_id, type) DO UPDATE SET identifiers = excluded.identifiers, config = excluded.config, version = excluded.version, updated_at = excluded.updated_at`,
      [JSON.stringify(rows)],
    );
  }

  /** Every credential of an identity, secrets included (the admin API's write side and include_credential). */
  async credentialsOf(identityId: string, tx?: EventStoreTransaction): Promise<StoredCredential[]> {
    const sql = `SELECT identity_id, type, identifiers, config, version, created_at, updated_at FROM ${this.s}.identity_credentials WHERE identity_id = $1 ORDER BY type`;
    const r = tx ? await tx.query<CredentialRow>(sql, [identityId]) : await this.pool.query<CredentialRow>(sql, [identityId]);
    return r.rows.map((c) => ({ ...c, created_at: c.created_at.toISOString(), updated_at: c.updated_at.toISOString() }));
  }

  /** Removes credentials of one identity (the given types, or all of them), with the verification and recovery
   * secrets bound to it when the identity itself goes. */
  async remove(tx: EventStoreTransaction, identityId: string, types?: readonly CredentialType[]): Promise<void> {
    if (types === undefined) {
      await tx.query(`DELETE FROM ${this.s}.identity_credentials WHERE identity_id = $1`, [identityId]);
      await tx.query(`DELETE FROM ${this.s}.verification_codes WHERE identity_id = $1`, [identityId]);
    } else if (types.length > 0) {
      await tx.query(`DELETE FROM ${this.s}.identity_credentials WHERE identity_id = $1 AND type = ANY($2::text[])`, [identityId, types]);
    }
  }

  async saveVerificationCode(
    tx: EventStoreTransaction,
    code: { flowId: string; identityId: string; addressId: string; address: string; via: string; digest: string; expiresAt: Date; at: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.verification_codes (flow_id, identity_id, address_id, address, via, code_digest, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [code.flowId, code.identityId, code.addressId, code.address, code.via, code.digest, code.expiresAt, code.at],
    );
  }
}

interface CredentialRow extends Omit<StoredCredential, 'created_at' | 'updated_at'> {
  created_at: Date;
  updated_at: Date;
}
