import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { DocumentChanges } from '../projections/projection.fold';
import { CredentialRow, IdentityRow, RecoveryAddressRow, VerifiableAddressRow } from '../projections/identity.row';
import { CredentialEntity, IdentityEntity, RecoveryAddressEntity, StreamPositionEntity, VerifiableAddressEntity } from './entities';
import { bulkInsert, tableOf } from './bulk';

/** Loads one identity as a document, or null. */
export async function loadIdentityRow(m: EntityManager, id: string): Promise<IdentityRow | null> {
  return (await loadIdentityRows(m, [id]))[0] ?? null;
}

/** The highest version of the identity's stream the projection has seen (every event, applied or not), 0 when none:
 * the stream version an admin GET answers as its ETag. */
export async function streamVersionOf(m: EntityManager, id: string): Promise<number> {
  const rows = (await m.query(`SELECT version FROM ${tableOf(m, StreamPositionEntity)} WHERE stream_id = $1`, [`identity:${id}`])) as { version: number }[];
  return rows[0]?.version ?? 0;
}

/** Loads several identities as documents with one query per table, in the order of `ids` (unknown ids are skipped);
 * `lock` takes row locks on the identities for the projector's transaction. Plain SQL: a page of 500 documents is
 * read several times faster than through entity hydration, and the rows already have the entities' shape. */
export async function loadIdentityRows(m: EntityManager, ids: string[], options: { lock?: boolean } = {}): Promise<IdentityRow[]> {
  if (ids.length === 0) return [];
  const select = <T>(entity: EntityTarget<ObjectLiteral>, where: string, tail = ''): Promise<T[]> =>
    m.query(`SELECT * FROM ${tableOf(m, entity)} WHERE ${where} = ANY($1::uuid[])${tail}`, [ids]) as Promise<T[]>;
  const identities = await select<IdentityEntity>(IdentityEntity, 'id', options.lock ? ' FOR UPDATE' : '');
  if (identities.length === 0) return [];
  const [verifiable, recovery, credentials] = await Promise.all([
    select<VerifiableAddressEntity>(VerifiableAddressEntity, 'identity_id', ' ORDER BY created_at, id'),
    select<RecoveryAddressEntity>(RecoveryAddressEntity, 'identity_id', ' ORDER BY created_at, id'),
    select<CredentialEntity>(CredentialEntity, 'identity_id', ' ORDER BY type'),
  ]);
  const byId = new Map(identities.map((i) => [i.id, i]));
  const children = <T extends { identity_id: string }>(rows: T[]) => {
    const of = new Map<string, T[]>();
    for (const r of rows) {
      const list = of.get(r.identity_id);
      if (list) list.push(r);
      else of.set(r.identity_id, [r]);
    }
    return (id: string) => of.get(id) ?? [];
  };
  const [verifiableOf, recoveryOf, credentialsOf] = [children(verifiable), children(recovery), children(credentials)];
  return ids.flatMap((id) => {
    const identity = byId.get(id);
    return identity ? [toIdentityRow(identity, verifiableOf(id), recoveryOf(id), credentialsOf(id))] : [];
  });
}

/** Writes what a fold changed, a few statements for any number of documents: deletes (children go by cascade),
 * one multi-row upsert of identity rows, and per child table one delete of the replaced sets and one insert. */
export async function writeIdentityChanges(m: EntityManager, changes: DocumentChanges): Promise<void> {
  if (changes.deleted.length > 0) await m.query(`DELETE FROM ${tableOf(m, IdentityEntity)} WHERE id = ANY($1::uuid[])`, [changes.deleted]);
  if (changes.upserted.length > 0) {
    const rows = changes.upserted.map(({ verifiable_addresses: _v, recovery_addresses: _r, credentials: _c, ...identity }) => identity);
    await bulkInsert(m, IdentityEntity, rows, { conflict: ['id'], update: 'all' });
  }
  const tables = [
    [VerifiableAddressEntity, changes.children.verifiable_addresses],
    [RecoveryAddressEntity, changes.children.recovery_addresses],
    [CredentialEntity, changes.children.credentials],
  ] as const;
  for (const [entity, { replaced, rows }] of tables) {
    if (replaced.length > 0) await m.query(`DELETE FROM ${tableOf(m, entity)} WHERE identity_id = ANY($1::uuid[])`, [replaced]);
    if (rows.length > 0) await bulkInsert(m, entity, rows);
  }
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
    external_id: identity.external_id ?? null,
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

function iso(d: Date): string {
  return d.toISOString();
}
