import { Pool } from 'pg';
import { ident } from '@gatehouse/eventsourcing';
import { RecoveryRecipient } from '../recovery/recovery.commands';

/** The recovery addresses of the write side's identity copy (flows' `identities` table). */
export class RecoveryAddresses {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async find(via: 'email' | 'sms', value: string): Promise<RecoveryRecipient | undefined> {
    const r = await this.pool.query<{ id: string; state: string; recovery_addresses: Array<{ id: string; value: string; via: string }> }>(
      `SELECT id, state, recovery_addresses FROM ${this.s}.identities WHERE recovery_addresses @> $1::jsonb LIMIT 1`,
      [JSON.stringify([{ value, via }])],
    );
    const row = r.rows[0];
    // a disabled identity cannot recover: it is treated as unknown (same answer, nothing sent)
    if (!row || row.state !== 'active') return undefined;
    const address = row.recovery_addresses.find((a) => a.value === value && a.via === via);
    return address ? { identityId: row.id, addressId: address.id, address: address.value, via } : undefined;
  }

  /** An identity's first recovery address (admin codes and links are bound to it); null for an unknown identity. */
  async ofIdentity(identityId: string): Promise<{ recipient?: RecoveryRecipient } | null> {
    const r = await this.pool.query<{ id: string; recovery_addresses: Array<{ id: string; value: string; via: 'email' | 'sms' }> }>(
      `SELECT id, recovery_addresses FROM ${this.s}.identities WHERE id = $1`,
      [identityId],
    );
    const row = r.rows[0];
    if (!row) return null;
    const a = row.recovery_addresses[0];
    return a ? { recipient: { identityId: row.id, addressId: a.id, address: a.value, via: a.via } } : {};
  }
}
