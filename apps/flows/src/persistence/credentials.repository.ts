import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';

export const PASSWORD_IDENTIFIER_CLAIM = 'password_identifier';

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
        WHERE u.kind = $1 AND u.value = $2`,
      [PASSWORD_IDENTIFIER_CLAIM, identifier],
    );
    const row = r.rows[0];
    return row ? { identityId: row.identity_id, hashedPassword: row.config.hashed_password, state: row.state } : null;
  }

  /** Replaces a stored hash (upgrade to the configured hasher after a successful login). */
  async updatePasswordHash(tx: EventStoreTransaction, identityId: string, hashedPassword: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE ${this.s}.identity_credentials SET config = jsonb_set(config, '{hashed_password}', to_jsonb($2::text)), updated_at = $3 WHERE identity_id = $1 AND type = 'password'`,
      [identityId, hashedPassword, at],
    );
  }

  async savePassword(tx: EventStoreTransaction, identityId: string, identifiers: string[], hashedPassword: string, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.identity_credentials (identity_id, type, identifiers, config, version, created_at, updated_at)
       VALUES ($1, 'password', $2, $3, 0, $4, $4)`,
      [identityId, identifiers, JSON.stringify({ hashed_password: hashedPassword }), at],
    );
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
