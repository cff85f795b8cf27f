import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';

/** Credential secrets (password hashes) stay on the write side, beside the events that never carry them. */
export class CredentialsRepository {
  private readonly s: string;

  constructor(schema: string) {
    this.s = ident(schema);
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
