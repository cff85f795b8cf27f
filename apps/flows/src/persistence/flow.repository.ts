import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import type { FlowKind, StoredFlow } from '../flow/flow.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Self-service flows of one kind (registration, login, …) between requests; a flow's own fields are kept in the
 * `data` column. */
export class FlowRepository<F extends StoredFlow> {
  protected readonly s: string;

  constructor(
    protected readonly pool: Pool,
    schema: string,
    protected readonly kind: FlowKind,
  ) {
    this.s = ident(schema);
  }

  /** Inserts a new flow; inside `tx` when it is created together with events (a registration's verification flow). */
  async create(flow: F, tx?: EventStoreTransaction): Promise<void> {
    const sql = `INSERT INTO ${this.s}.selfservice_flows (id, kind, type, schema_id, state, request_url, return_to, issued_at, expires_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
    const params = [flow.id, this.kind, flow.type, flow.schemaId, flow.state, flow.requestUrl, flow.returnTo ?? null, flow.issuedAt, flow.expiresAt, JSON.stringify(flow)];
    if (tx) await tx.query(sql, params);
    else await this.pool.query(sql, params);
  }

  async find(id: string): Promise<F | null> {
    if (!isUuid(id)) return null;
    const r = await this.pool.query<{ data: F; state: string; identity_id: string | null }>(
      `SELECT data, state, identity_id FROM ${this.s}.selfservice_flows WHERE id = $1 AND kind = $2`,
      [id, this.kind],
    );
    const row = r.rows[0];
    if (!row) return null;
    return { ...row.data, state: row.state, ...(row.identity_id ? { identityId: row.identity_id } : {}) };
  }

  /** Saves what an open flow shows (values and messages after a failed submit). */
  async update(flow: F): Promise<void> {
    await this.pool.query(`UPDATE ${this.s}.selfservice_flows SET data = $2 WHERE id = $1 AND kind = $3 AND state = 'choose_method'`, [
      flow.id,
      JSON.stringify(flow),
      this.kind,
    ]);
  }

  /** Saves the decided state in the transaction that appends the events; a concurrent submit of the same
   * flow finds it completed already and changes nothing (returns false). */
  async complete(tx: EventStoreTransaction, flow: F): Promise<boolean> {
    const r = await tx.query(
      `UPDATE ${this.s}.selfservice_flows SET state = $2, identity_id = $3, data = $4 WHERE id = $1 AND kind = $5 AND state = 'choose_method'`,
      [flow.id, flow.state, flow.identityId ?? null, JSON.stringify(flow), this.kind],
    );
    return r.rowCount === 1;
  }
}
