import { Pool } from 'pg';
import { streamId } from '@gatehouse/contracts';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import { CredentialsRepository } from '../identity/credentials.repository';
import { IdentityRow, toIdentity } from '../session/session.repository';
import { AdminIdentity } from './identity-record';

/** The admin API's whole identity on the write side: the `identities` row and its credentials (inline projections
 * of the identity's stream). */
export class AdminIdentityRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly credentials: CredentialsRepository,
  ) {
    this.s = ident(schema);
  }

  /** In a transaction the row is locked until it commits (one admin change of an identity at a time). */
  async load(id: string, tx?: EventStoreTransaction): Promise<AdminIdentity | null> {
    const sql = `SELECT * FROM ${this.s}.identities WHERE id = $1${tx ? ' FOR UPDATE' : ''}`;
    const r = tx ? await tx.query<IdentityRow>(sql, [id]) : await this.pool.query<IdentityRow>(sql, [id]);
    return r.rows[0] ? this.withCredentials(r.rows[0], tx) : null;
  }

  /** The identity with the version of its stream (its ETag), outside any transaction. The row and the version come
   * from one statement, one snapshot (the row is written in the transaction that appends); the credentials are read
   * after it, so they are never older than the version: a change in between makes the ETag stale (a 412 on the next
   * conditional write), never one that names a state the answer does not show. */
  async loadVersioned(id: string): Promise<{ identity: AdminIdentity; version: number } | null> {
    const r = await this.pool.query<IdentityRow & { stream_version: number | null }>(
      `SELECT i.*, (SELECT max(e.version) FROM ${this.s}.events e WHERE e.stream_id = $2) AS stream_version FROM ${this.s}.identities i WHERE i.id = $1`,
      [id, streamId.identity(id)],
    );
    const row = r.rows[0];
    return row ? { identity: await this.withCredentials(row), version: row.stream_version ?? 0 } : null;
  }

  private async withCredentials(row: IdentityRow, tx?: EventStoreTransaction): Promise<AdminIdentity> {
    const credentials = await this.credentials.credentialsOf(row.id, tx);
    return {
      ...toIdentity(row),
      metadata_admin: row.metadata_admin ?? null,
      ...(row.external_id ? { external_id: row.external_id } : {}),
      credentials: Object.fromEntries(credentials.map((c) => [c.type, c])),
    };
  }

  /** What goes with a deleted identity besides its rows (the projection removes those): the flow-bound secrets and
   * logout tokens tied to it, the flows that name it, and its data key (crypto-shredding: none of its sealed events
   * opens again, so neither its traits nor its hashes can be read back from the store or rebuilt). */
  async forget(tx: EventStoreTransaction, id: string): Promise<void> {
    // flows that name it, and the verification and recovery flows its codes were sent on (they hold the address)
    await tx.query(
      `DELETE FROM ${this.s}.selfservice_flows WHERE identity_id = $1 OR id IN (SELECT flow_id FROM ${this.s}.verification_codes WHERE identity_id = $1)`,
      [id],
    );
    await tx.query(`DELETE FROM ${this.s}.verification_codes WHERE identity_id = $1`, [id]);
    await tx.query(`DELETE FROM ${this.s}.session_logout_tokens l USING ${this.s}.sessions s WHERE s.id = l.session_id AND s.identity_id = $1`, [id]);
    await tx.destroyKey(id);
  }
}
