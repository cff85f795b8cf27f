import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { KratosErrorBody } from '@gatehouse/contracts';
import { ident } from '@gatehouse/eventsourcing';

export interface StoredError {
  id: string;
  error: KratosErrorBody;
  created_at: string;
  updated_at: string;
}

/** Errors of browser requests that could not attach to a flow, kept for the error UI (Kratos's errorx). */
export class ErrorStore {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly clock: () => Date,
  ) {
    this.s = ident(schema);
  }

  async add(error: KratosErrorBody): Promise<string> {
    const id = randomUUID();
    const now = this.clock();
    await this.pool.query(`INSERT INTO ${this.s}.selfservice_errors (id, error, created_at, updated_at) VALUES ($1, $2, $3, $3)`, [id, JSON.stringify(error), now]);
    return id;
  }

  async find(id: string): Promise<StoredError | null> {
    const r = await this.pool.query<{ id: string; error: KratosErrorBody; created_at: Date; updated_at: Date }>(
      `SELECT id, error, created_at, updated_at FROM ${this.s}.selfservice_errors WHERE id = $1`,
      [id],
    );
    const row = r.rows[0];
    return row ? { id: row.id, error: row.error, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() } : null;
  }
}
