import { Pool } from 'pg';
import { EventStoreTransaction } from '@gatehouse/eventsourcing';
import type { ChallengeFlow } from '../flow/flow.types';
import { FlowRepository } from './flow.repository';

/** The shared flow table plus the per-flow count of wrong secrets and state transitions through sent_email,
 * both guarded in SQL so that concurrent submits cannot get around them. */
export class ChallengeFlowRepository<F extends ChallengeFlow> extends FlowRepository<F> {
  constructor(pool: Pool, schema: string, kind: 'verification' | 'recovery') {
    super(pool, schema, kind);
  }

  override async find(id: string): Promise<F | null> {
    const flow = await super.find(id);
    if (!flow) return null;
    const r = await this.pool.query<{ n: number }>(`SELECT failed_submissions AS n FROM ${this.s}.selfservice_flows WHERE id = $1`, [id]);
    return { ...flow, failedSubmissions: r.rows[0]?.n ?? 0 };
  }

  /** Saves what an open flow shows (messages after a refused code); a passed flow is never changed again. */
  async saveUi(flow: F): Promise<void> {
    await this.pool.query(`UPDATE ${this.s}.selfservice_flows SET data = $2 WHERE id = $1 AND kind = $3 AND state <> 'passed_challenge'`, [
      flow.id,
      JSON.stringify(strip(flow)),
      this.kind,
    ]);
  }

  /** Counts one wrong code or token. */
  async recordFailure(id: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.s}.selfservice_flows SET failed_submissions = failed_submissions + 1 WHERE id = $1 AND kind = $2`, [id, this.kind]);
  }

  /** Moves an open flow to its decided state inside the write's transaction. False when the flow passed in the
   * meantime or (with `maxFailed`) reached the limit of wrong codes: the caller rolls back. */
  async transition(tx: EventStoreTransaction, flow: F, maxFailed?: number): Promise<boolean> {
    const r = await tx.query(
      `UPDATE ${this.s}.selfservice_flows SET state = $2, identity_id = $3, data = $4
        WHERE id = $1 AND kind = $5 AND state <> 'passed_challenge' AND ($6::int IS NULL OR failed_submissions < $6::int)`,
      [flow.id, flow.state, flow.identityId ?? null, JSON.stringify(strip(flow)), this.kind, maxFailed ?? null],
    );
    return r.rowCount === 1;
  }
}

/** The count lives in its own column, never in the flow's data. */
function strip<F extends ChallengeFlow>(flow: F): F {
  const rest = { ...flow };
  delete rest.failedSubmissions;
  return rest;
}
