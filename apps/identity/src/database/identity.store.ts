import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CredentialRow, IdentityRow, RecoveryAddressRow, VerifiableAddressRow } from '../projections/identity.projection';
import { CredentialEntity, IdentityEntity, RecoveryAddressEntity, VerifiableAddressEntity } from './entities';

/** Loads an identity and its child rows as one document; `lock` takes a row lock for the projector's transaction. */
export async function loadIdentityRow(m: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<IdentityRow | null> {
  const identity = await m.findOne(IdentityEntity, {
    where: { id },
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!identity) return null;
  const [verifiable, recovery, credentials] = await Promise.all([
    m.find(VerifiableAddressEntity, { where: { identity_id: id }, order: { created_at: 'ASC', id: 'ASC' } }),
    m.find(RecoveryAddressEntity, { where: { identity_id: id }, order: { created_at: 'ASC', id: 'ASC' } }),
    m.find(CredentialEntity, { where: { identity_id: id }, order: { type: 'ASC' } }),
  ]);
  return toIdentityRow(identity, verifiable, recovery, credentials);
}

/** Loads several identities as documents with one query per table, in the order of `ids` (unknown ids are skipped). */
export async function loadIdentityRows(m: EntityManager, ids: string[]): Promise<IdentityRow[]> {
  if (ids.length === 0) return [];
  const [identities, verifiable, recovery, credentials] = await Promise.all([
    m.find(IdentityEntity, { where: { id: In(ids) } }),
    m.find(VerifiableAddressEntity, { where: { identity_id: In(ids) }, order: { created_at: 'ASC', id: 'ASC' } }),
    m.find(RecoveryAddressEntity, { where: { identity_id: In(ids) }, order: { created_at: 'ASC', id: 'ASC' } }),
    m.find(CredentialEntity, { where: { identity_id: In(ids) }, order: { type: 'ASC' } }),
  ]);
  const byId = new Map(identities.map((i) => [i.id, i]));
  const of = <T extends { identity_id: string }>(rows: T[], id: string) => rows.filter((r) => r.identity_id === id);
  return ids.flatMap((id) => {
    const identity = byId.get(id);
    return identity ? [toIdentityRow(identity, of(verifiable, id), of(recovery, id), of(credentials, id))] : [];
  });
}

function toIdentityRow(identity: IdentityEntity, verifiable: VerifiableAddressEntity[], recovery: RecoveryAddressEntity[], credentials: CredentialEntity[]): IdentityRow {
  return {
    id: identity.id,
    schema_id: identity.schema_id,
    state: identity.state,
    state_changed_at: iso(identity.state_changed_at),
    traits: identity.traits,
    metadata_public: identity.metadata_public ?? null,
    metadata_admin: identity.metadata_admin ?? null,
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    last_event_id: identity.last_event_id,
    version: identity.version,
    verifiable_addresses: verifiable.map(
      (a): VerifiableAddressRow => ({
        id: a.id,
        identity_id: a.identity_id,
        value: a.value,
        via: a.via,
        verified: a.verified,
        status: a.status,
        verified_at: a.verified_at ? iso(a.verified_at) : null,
        created_at: iso(a.created_at),
        updated_at: iso(a.updated_at),
      }),
    ),
    recovery_addresses: recovery.map(
      (a): RecoveryAddressRow => ({ id: a.id, identity_id: a.identity_id, value: a.value, via: a.via, created_at: iso(a.created_at), updated_at: iso(a.updated_at) }),
    ),
    credentials: credentials.map(
      (c): CredentialRow => ({
        identity_id: c.identity_id,
        type: c.type,
        identifiers: c.identifiers,
        version: c.version,
        created_at: iso(c.created_at),
        updated_at: iso(c.updated_at),
      }),
    ),
  };
}

/** Writes the document: upserts the identity and replaces its child rows (ids come from events, so this is deterministic). */
export async function saveIdentityRow(m: EntityManager, row: IdentityRow): Promise<void> {
  const { verifiable_addresses, recovery_addresses, credentials, ...identity } = row;
  await m.upsert(
    IdentityEntity,
    {
      ...identity,
      state_changed_at: new Date(identity.state_changed_at),
      created_at: new Date(identity.created_at),
      updated_at: new Date(identity.updated_at),
    } as QueryDeepPartialEntity<IdentityEntity>,
    ['id'],
  );
  await m.delete(VerifiableAddressEntity, { identity_id: row.id });
  await m.delete(RecoveryAddressEntity, { identity_id: row.id });
  await m.delete(CredentialEntity, { identity_id: row.id });
  if (verifiable_addresses.length > 0) {
    await m.insert(
      VerifiableAddressEntity,
      verifiable_addresses.map((a) => ({ ...a, verified_at: a.verified_at ? new Date(a.verified_at) : null, created_at: new Date(a.created_at), updated_at: new Date(a.updated_at) })),
    );
  }
  if (recovery_addresses.length > 0) {
    await m.insert(
      RecoveryAddressEntity,
      recovery_addresses.map((a) => ({ ...a, created_at: new Date(a.created_at), updated_at: new Date(a.updated_at) })),
    );
  }
  if (credentials.length > 0) {
    await m.insert(
      CredentialEntity,
      credentials.map((c) => ({ ...c, created_at: new Date(c.created_at), updated_at: new Date(c.updated_at) })),
    );
  }
}

function iso(d: Date): string {
  return d.toISOString();
}
