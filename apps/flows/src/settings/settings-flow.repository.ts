import { Pool } from 'pg';
import { EventStoreTransaction } from '@gatehouse/eventsourcing';
import { FlowRepository } from '../persistence/flow.repository';
import { SettingsFlow } from './settings.state';

/** Settings flows: the shared flow table; the owning identity is kept in its column too. A settings flow can be
 * submitted again after a success (as in Kratos), so its state is saved whatever it was. */
export class SettingsFlowRepository extends FlowRepository<SettingsFlow> {
  constructor(pool: Pool, schema: string) {
    super(pool, schema, 'settings');
  }

  override async create(flow: SettingsFlow, tx?: EventStoreTransaction): Promise<void> {
    await super.create(flow, tx);
    const sql = `UPDATE ${this.s}.selfservice_flows SET identity_id = $2 WHERE id = $1 AND kind = 'settings'`;
    if (tx) await tx.query(sql, [flow.id, flow.identityId]);
    else await this.pool.query(sql, [flow.id, flow.identityId]);
  }

  /** What the flow shows after a refused submit. */
  async saveUi(flow: SettingsFlow): Promise<void> {
    await this.pool.query(`UPDATE ${this.s}.selfservice_flows SET data = $2 WHERE id = $1 AND kind = 'settings'`, [flow.id, JSON.stringify(flow)]);
  }

  /** The decided state, in the transaction that records the change. */
  async saveDecided(tx: EventStoreTransaction, flow: SettingsFlow): Promise<void> {
    await tx.query(`UPDATE ${this.s}.selfservice_flows SET state = $2, data = $3 WHERE id = $1 AND kind = 'settings'`, [flow.id, flow.state, JSON.stringify(flow)]);
  }
}
