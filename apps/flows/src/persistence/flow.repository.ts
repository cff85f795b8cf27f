import { Pool } from 'pg';
import { EventStoreTransaction, ident } from '@gatehouse/eventsourcing';
import { RegistrationFlow } from '../registration/registration.state';

interface FlowRow {
  id: string;
  type: 'api' | 'browser';
  schema_id: string;
  state: RegistrationFlow['state'];
  request_url: string;
  return_to: string | null;
  identity_id: string | null;
  issued_at: Date;
  expires_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Registration flows between requests (kind = 'registration'). */
export class FlowRepository {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async create(flow: RegistrationFlow): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.selfservice_flows (id, kind, type, schema_id, state, request_url, return_to, issued_at, expires_at)
       VALUES ($1, 'registration', $2, $3, $4, $5, $6, $7, $8)`,
      [flow.id, flow.type, flow.schemaId, flow.state, flow.requestUrl, flow.returnTo ?? null, flow.issuedAt, flow.expiresAt],
    );
  }

  async find(id: string): Promise<RegistrationFlow | null> {
    if (!isUuid(id)) return null;
    const r = await this.pool.query<FlowRow>(`SELECT * FROM ${this.s}.selfservice_flows WHERE id = $1 AND kind = 'registration'`, [id]);
    return r.rows[0] ? toFlow(r.rows[0]) : null;
  }

  /** Saves the decided state in the transaction that appends the events; a concurrent submit of the same
   * flow finds it completed already and changes nothing (returns false). */
  async complete(tx: EventStoreTransaction, flow: RegistrationFlow): Promise<boolean> {
    const r = await tx.query(
      `UPDATE ${this.s}.selfservice_flows SET state = $2, identity_id = $3 WHERE id = $1 AND state = 'choose_method'`,
      [flow.id, flow.state, flow.identityId ?? null],
    );
    return r.rowCount === 1;
  }
}

function toFlow(row: FlowRow): RegistrationFlow {
  return {
    id: row.id,
    type: row.type,
    schemaId: row.schema_id,
    state: row.state,
    requestUrl: row.request_url,
    ...(row.return_to ? { returnTo: row.return_to } : {}),
    ...(row.identity_id ? { identityId: row.identity_id } : {}),
    issuedAt: row.issued_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}
