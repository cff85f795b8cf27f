import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, IdentityCreated, IdentityDeleted, IdentityRegistered, IdentityUpdated } from '@gatehouse/contracts';
import { NotifierIdentityEntity } from '../database/entities';

/** What a mail needs to know of an identity. */
export interface KnownIdentity {
  id: string;
  schema_id: string;
  traits: Record<string, unknown>;
}

/** A notifier_identities row: the identity as the event at stream position `version` left it, or its
 * tombstone (deleted, with neither schema nor traits), which stays so that a redelivered older event of the
 * deleted identity cannot bring it back. */
export type IdentityRow = RowMeta & ((KnownIdentity & { deleted: false }) | { id: string; schema_id: null; traits: null; deleted: true });

interface RowMeta {
  /** The streamVersion of the event that wrote the row. */
  version: number;
  /** The occurredAt of the event that wrote the row (event data only: a replay writes the same row). */
  updated_at: Date;
  last_event_id: string;
}

/** The row change an event implies. `first`: the first row written for the identity wins (its stream's first
 * event: a redelivery or replay changes nothing); `newer`: replaces the row if an older event wrote it. */
export interface IdentityChange {
  write: 'first' | 'newer';
  row: IdentityRow;
}

/** Pure: the projection row change an event implies, from the event alone (no clock, no lookup), or undefined
 * (other events, other versions, malformed data). */
export function identityChange(event: EventEnvelope): IdentityChange | undefined {
  const meta: RowMeta = { version: event.streamVersion, updated_at: new Date(event.occurredAt), last_event_id: event.id };
  const first = dataOf(event, IdentityRegistered.V1) ?? dataOf(event, IdentityCreated.V1);
  if (first) return { write: 'first', row: { ...meta, ...identity(first), deleted: false } };
  const updated = dataOf(event, IdentityUpdated.V1);
  if (updated) return { write: 'newer', row: { ...meta, ...identity(updated), deleted: false } };
  const deleted = dataOf(event, IdentityDeleted.V1);
  if (deleted) return { write: 'newer', row: { ...meta, id: deleted.identity_id, schema_id: null, traits: null, deleted: true } };
  return undefined;
}

interface Contract<T> {
  name: string;
  version: number;
  schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } };
}

function dataOf<T>(event: EventEnvelope, contract: Contract<T>): T | undefined {
  if (event.type !== contract.name || event.version !== contract.version) return undefined;
  const parsed = contract.schema.safeParse(event.data);
  return parsed.success ? parsed.data : undefined;
}

function identity(data: { identity_id: string; schema_id: string; traits: Record<string, unknown> }): KnownIdentity {
  return { id: data.identity_id, schema_id: data.schema_id, traits: data.traits };
}

const COLUMNS = '(id, schema_id, traits, version, deleted, updated_at, last_event_id)';
const VALUES = 'VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)';
const ON_CONFLICT: Record<IdentityChange['write'], string> = {
  first: 'ON CONFLICT (id) DO NOTHING',
  newer:
    'ON CONFLICT (id) DO UPDATE SET schema_id = EXCLUDED.schema_id, traits = EXCLUDED.traits, version = EXCLUDED.version, deleted = EXCLUDED.deleted, ' +
    'updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id WHERE notifier_identities.version < EXCLUDED.version',
};

/** The notifier_identities table. Every change is one INSERT … ON CONFLICT (one round trip per event); rows
 * are never deleted (but by a rebuild), so the version of a deleted identity still wins over its older events.
 * On the data source's pool, or on a given transaction's manager (a rebuild). */
export class NotifierIdentities {
  private table?: string;
  private readonly manager: EntityManager;

  constructor(db: DataSource | EntityManager) {
    this.manager = db instanceof DataSource ? db.manager : db;
  }

  async apply({ write, row }: IdentityChange): Promise<void> {
    this.table ??= this.manager.connection.getMetadata(NotifierIdentityEntity).tablePath;
    await this.manager.query(`INSERT INTO ${this.table} ${COLUMNS} ${VALUES} ${ON_CONFLICT[write]}`, [
      row.id,
      row.schema_id,
      row.traits === null ? null : JSON.stringify(row.traits),
      row.version,
      row.deleted,
      row.updated_at,
      row.last_event_id,
    ]);
  }

  /** The live identity's schema and traits; undefined when unknown (not seen yet) or deleted. */
  async find(id: string): Promise<KnownIdentity | undefined> {
    const row = await this.manager
      .getRepository(NotifierIdentityEntity)
      .findOne({ where: { id, deleted: false }, select: { id: true, schema_id: true, traits: true } });
    return row?.schema_id != null && row.traits != null ? { id: row.id, schema_id: row.schema_id, traits: row.traits } : undefined;
  }
}
