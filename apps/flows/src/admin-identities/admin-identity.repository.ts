import { Pool } from 'pg';
import { streamId } from '@gatehouse/contracts';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import { CredentialType, CredentialsRepository } from '../persistence/credentials.repository';
import { IdentityRow, SessionRepository, toIdentity } from '../session/session.repository';
import { AdminIdentity } from './identity-record';

/** The admin API's whole identity on the write side: the `identities` row (through SessionRepository, which owns
 * that table) and the credentials (through CredentialsRepository). */
export class AdminIdentityRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly sessions: SessionRepository,
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

  /** Writes identities and their credentials (set-based: one identity or a whole batch); credential types that
   * `previous` had and an identity no longer has are removed. */
  async save(tx: EventStoreTransaction, identities: readonly AdminIdentity[], previous?: AdminIdentity | null): Promise<void> {
    await this.sessions.saveIdentities(tx, identities, { admin: true });
    await this.credentials.saveCredentials(
      tx,
      identities.flatMap((i) => Object.values(i.credentials)),
    );
    const [only] = identities;
    if (previous && only) {
      const gone = (Object.keys(previous.credentials) as CredentialType[]).filter((t) => !only.credentials[t]);
      await this.credentials.remove(tx, only.id, gone);
    }
  }

  /** The identity, its credentials and secrets go; its sessions with it (ON DELETE CASCADE). */
  async delete(tx: EventStoreTransaction, id: string): Promise<void> {
    await this.credentials.remove(tx, id);
    await this.sessions.deleteIdentity(tx, id);
  }
}
