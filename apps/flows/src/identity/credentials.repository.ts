import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import type { Credentials } from '../strategies/strategy';

export const PASSWORD_IDENTIFIER_CLAIM = 'password_identifier';
/** `<provider>:<subject>` of an OIDC credential (Kratos's OIDCUniqueID), unique across identities. */
export const OIDC_IDENTIFIER_CLAIM = 'oidc_identifier';
export const EXTERNAL_ID_CLAIM = 'external_id';

export type CredentialType = 'password' | 'oidc' | 'totp' | 'lookup_secret' | 'webauthn' | 'passkey';

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

/** Reads of identity_credentials (an inline projection: the configs come sealed in the identity's events) and
 * the verification code digests. */
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

  /** Every credential of an identity, secrets included (the admin API's write side and include_credential). */
  async credentialsOf(identityId: string, tx?: EventStoreTransaction): Promise<StoredCredential[]> {
    const sql = `SELECT identity_id, type, identifiers, config, version, created_at, updated_at FROM ${this.s}.identity_credentials WHERE identity_id = $1 ORDER BY type`;
    const r = tx ? await tx.query<CredentialRow>(sql, [identityId]) : await this.pool.query<CredentialRow>(sql, [identityId]);
    return r.rows.map((c) => ({ ...c, created_at: c.created_at.toISOString(), updated_at: c.updated_at.toISOString() }));
  }

  /** Every credential of an identity by type, as strategies see them (identifiers and secret config). */
  async credentialMap(identityId: string, tx?: EventStoreTransaction): Promise<Credentials> {
    const rows = await this.credentialsOf(identityId, tx);
    return Object.fromEntries(rows.map((c) => [c.type, { identifiers: c.identifiers, config: c.config }]));
  }

  /** Whether an identity has a second factor (its projected available_aal is aal2). */
  async hasSecondFactor(identityId: string): Promise<boolean> {
    const r = await this.pool.query<{ yes: boolean }>(`SELECT available_aal = 'aal2' AS yes FROM ${this.s}.identities WHERE id = $1`, [identityId]);
    return r.rows[0]?.yes ?? false;
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
