import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import { VerificationRecipient } from './verification.commands';
import { VerificationMethod } from './verification.state';

export interface StoredSecret extends VerificationRecipient {
  id: string;
  digest: string;
  expiresAt: Date;
}

/** The digests of verification codes and link tokens (table verification_codes): bound to a flow, single use. */
export class VerificationSecretsRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  /** The flow's unused secrets of one method, expired ones included (they answer 4070005, not 4070006). */
  async unused(flowId: string, method: VerificationMethod): Promise<StoredSecret[]> {
    const r = await this.pool.query<{ id: string; identity_id: string; address_id: string; address: string; via: 'email' | 'sms'; code_digest: string; expires_at: Date }>(
      `SELECT id, identity_id, address_id, address, via, code_digest, expires_at FROM ${this.s}.verification_codes
        WHERE flow_id = $1 AND method = $2 AND used_at IS NULL ORDER BY created_at DESC LIMIT 20`,
      [flowId, method],
    );
    return r.rows.map((row) => ({
      id: row.id,
      identityId: row.identity_id,
      addressId: row.address_id,
      address: row.address,
      via: row.via,
      digest: row.code_digest,
      expiresAt: row.expires_at,
    }));
  }

  async save(tx: EventStoreTransaction, flowId: string, method: VerificationMethod, secret: { recipient: VerificationRecipient; digest: string; expiresAt: Date }, at: Date): Promise<void> {
    const r = secret.recipient;
    await tx.query(
      `INSERT INTO ${this.s}.verification_codes (flow_id, method, identity_id, address_id, address, via, code_digest, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [flowId, method, r.identityId, r.addressId, r.address, r.via, secret.digest, secret.expiresAt, at],
    );
  }

  /** A new request on a flow invalidates what it sent before (Kratos: "will invalidate the sent code"). */
  async invalidate(tx: EventStoreTransaction, flowId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE ${this.s}.verification_codes SET used_at = $2 WHERE flow_id = $1 AND used_at IS NULL`, [flowId, at]);
  }

  /** Uses a secret once: false when a concurrent submit used it first. */
  async use(tx: EventStoreTransaction, id: string, at: Date): Promise<boolean> {
    const r = await tx.query(`UPDATE ${this.s}.verification_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, [id, at]);
    return r.rowCount === 1;
  }
}
