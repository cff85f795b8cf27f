import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import { SessionRecord, SessionRow, toRecord } from './session.repository';

/** The last row of a page: sessions are listed newest first, by (issued_at, id) descending. */
export interface SessionPageKey {
  issuedAt: string;
  id: string;
}

export interface SessionPageQuery {
  identityId?: string;
  /** The `active` column, as Kratos filters it; undefined lists every session. */
  active?: boolean;
  after?: SessionPageKey;
  size: number;
}

export interface SessionPage {
  items: SessionRecord[];
  next?: SessionPageKey;
}

/** The admin API's reads over the sessions table (an inline projection of the session streams). */
export class SessionAdminQueries {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async page(q: SessionPageQuery): Promise<SessionPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (q.identityId !== undefined) where.push(`identity_id = ${param(q.identityId)}`);
    if (q.active !== undefined) where.push(`active = ${param(q.active)}`);
    if (q.after) where.push(`(issued_at, id) < (${param(q.after.issuedAt)}::timestamptz, ${param(q.after.id)}::uuid)`);
    const sql = `SELECT * FROM ${this.s}.sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY issued_at DESC, id DESC LIMIT ${param(q.size + 1)}`;
    const rows = (await this.pool.query<SessionRow>(sql, params)).rows;
    const items = rows.slice(0, q.size).map(toRecord);
    const last = items[items.length - 1];
    return { items, next: rows.length > q.size && last ? { issuedAt: last.issuedAt, id: last.id } : undefined };
  }

  async findById(id: string, tx?: EventStoreTransaction): Promise<SessionRecord | null> {
    const sql = `SELECT * FROM ${this.s}.sessions WHERE id = $1${tx ? ' FOR UPDATE' : ''}`;
    const r = tx ? await tx.query(sql, [id]) : await this.pool.query<SessionRow>(sql, [id]);
    const row = r.rows[0] as SessionRow | undefined;
    return row ? toRecord(row) : null;
  }

  async identityExists(id: string): Promise<boolean> {
    const r = await this.pool.query(`SELECT 1 FROM ${this.s}.identities WHERE id = $1`, [id]);
    return r.rowCount === 1;
  }
}
