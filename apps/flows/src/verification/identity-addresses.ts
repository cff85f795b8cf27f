import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import { VerificationRecipient } from './verification.commands';

/** The verifiable addresses of the write side's identity copy (flows' `identities` table): looked up by value,
 * and updated in the transaction of each verification event so that whoami shows them at once. */
export class IdentityAddresses {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async find(via: 'email' | 'sms', value: string): Promise<VerificationRecipient | undefined> {
    const r = await this.pool.query<{ id: string; verifiable_addresses: Array<{ id: string; value: string; via: string }> }>(
      `SELECT id, verifiable_addresses FROM ${this.s}.identities WHERE verifiable_addresses @> $1::jsonb LIMIT 1`,
      [JSON.stringify([{ value, via }])],
    );
    const row = r.rows[0];
    const address = row?.verifiable_addresses.find((a) => a.value === value && a.via === via);
    return row && address ? { identityId: row.id, addressId: address.id, address: address.value, via } : undefined;
  }

  /** A code or link went out: `sent`, unless the address is verified already. */
  markSent(tx: EventStoreTransaction, identityId: string, addressId: string, at: Date): Promise<void> {
    return this.patch(tx, identityId, addressId, `CASE WHEN a->>'status' = 'completed' THEN a ELSE a || jsonb_build_object('status', 'sent', 'updated_at', $3::text) END`, at);
  }

  markVerified(tx: EventStoreTransaction, identityId: string, addressId: string, at: Date): Promise<void> {
    return this.patch(tx, identityId, addressId, `a || jsonb_build_object('verified', true, 'verified_at', $3::text, 'status', 'completed', 'updated_at', $3::text)`, at);
  }

  private async patch(tx: EventStoreTransaction, identityId: string, addressId: string, changed: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE ${this.s}.identities SET verifiable_addresses = (
          SELECT coalesce(jsonb_agg(CASE WHEN a->>'id' = $2 THEN ${changed} ELSE a END ORDER BY n), '[]'::jsonb)
            FROM jsonb_array_elements(verifiable_addresses) WITH ORDINALITY AS t(a, n))
        WHERE id = $1`,
      [identityId, addressId, at.toISOString()],
    );
  }
}
