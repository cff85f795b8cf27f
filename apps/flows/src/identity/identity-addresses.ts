import { Pool } from 'pg';
import { ident } from '@gatehouse/eventsourcing';
import { VerificationRecipient } from '../verification/verification.commands';

/** The verifiable addresses of the write side's identity (flows' `identities` table, an inline projection:
 * VerificationRequested and AddressVerified change it in their own transaction), looked up by value. */
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
}
