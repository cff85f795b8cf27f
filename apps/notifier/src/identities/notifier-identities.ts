import { DataSource } from 'typeorm';
import { EventEnvelope, IdentityRegistered } from '@gatehouse/contracts';
import { NotifierIdentityEntity } from '../database/entities';

/** What a mail needs to know of an identity. */
export interface KnownIdentity {
  id: string;
  schema_id: string;
  traits: Record<string, unknown>;
}

export interface IdentityRow extends KnownIdentity {
  updated_at: Date;
  last_event_id: string;
}

/** Pure: the projection row an event writes, from the event alone (no clock, no lookup), or undefined. */
export function identityRow(event: EventEnvelope): IdentityRow | undefined {
  if (event.type !== IdentityRegistered.V1.name || event.version !== IdentityRegistered.V1.version) return undefined;
  const parsed = IdentityRegistered.V1.schema.safeParse(event.data);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  return { id: data.identity_id, schema_id: data.schema_id, traits: data.traits, updated_at: new Date(event.occurredAt), last_event_id: event.id };
}

/** The notifier_identities table. A registration is the first event of its identity's stream, so the first
 * row written for an identity is the one to keep: a redelivered or replayed IdentityRegistered changes nothing. */
export class NotifierIdentities {
  constructor(private readonly dataSource: DataSource) {}

  async record(row: IdentityRow): Promise<void> {
    const table = this.dataSource.getMetadata(NotifierIdentityEntity).tablePath;
    await this.dataSource.query(
      `INSERT INTO ${table} (id, schema_id, traits, updated_at, last_event_id) VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [row.id, row.schema_id, JSON.stringify(row.traits), row.updated_at, row.last_event_id],
    );
  }

  async find(id: string): Promise<KnownIdentity | undefined> {
    const row = await this.dataSource.getRepository(NotifierIdentityEntity).findOne({ where: { id }, select: { id: true, schema_id: true, traits: true } });
    return row ? { id: row.id, schema_id: row.schema_id, traits: row.traits } : undefined;
  }
}
