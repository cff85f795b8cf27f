import { randomUUID } from 'node:crypto';
import {
  CredentialsRemoved,
  EventEnvelope,
  IdentitiesImported,
  IdentityCreated,
  IdentityDeleted,
  IdentityStateChanged,
  IdentityUpdated,
  streamId,
} from '@gatehouse/contracts';

/** Fixture events of the admin identity API, as flows appends them (identity streams; an import summary in its own). */

interface At {
  eventId?: string;
  streamVersion?: number;
  occurredAt?: string;
}

type Created = EventEnvelope<IdentityCreated.V1.Data>;
const ADMIN = { type: 'admin' as const, id: 'ops@example.com' };

function envelope<D>(stream: string, subject: string, contract: { name: string; version: number }, data: D, at: At, defaultVersion: number): EventEnvelope<D> {
  return {
    id: at.eventId ?? randomUUID(),
    type: contract.name,
    version: contract.version,
    streamId: stream,
    streamVersion: at.streamVersion ?? defaultVersion,
    subject,
    occurredAt: at.occurredAt ?? new Date().toISOString(),
    data,
  };
}

/** IdentityCreated v1: a verified e-mail address, a recovery address, password + oidc credentials, admin metadata. */
export function identityCreated(
  o: At & { identityId?: string; email?: string; externalId?: string; importId?: string; state?: 'active' | 'inactive'; metadataAdmin?: unknown } = {},
): Created {
  const identityId = o.identityId ?? randomUUID();
  const email = o.email ?? `admin-${identityId.slice(0, 8)}@example.com`;
  const data: IdentityCreated.V1.Data = {
    identity_id: identityId,
    schema_id: 'default',
    state: o.state ?? 'active',
    traits: { email, name: { first: 'Grace', last: 'Hopper' } },
    metadata_public: { plan: 'free' },
    metadata_admin: o.metadataAdmin === undefined ? { crm_id: 42, tags: ['imported'] } : o.metadataAdmin,
    verifiable_addresses: [{ id: randomUUID(), value: email, via: 'email', verified: true, status: 'completed', verified_at: '2029-06-01T12:00:00.000+02:00' }],
    recovery_addresses: [{ id: randomUUID(), value: email, via: 'email' }],
    credentials: { password: { identifiers: [email], version: 0 }, oidc: { identifiers: [`google:${identityId}`, `github:${identityId}`], version: 0 } },
    actor: ADMIN,
  };
  if (o.externalId !== undefined) data.external_id = o.externalId;
  if (o.importId !== undefined) data.import_id = o.importId;
  return envelope(streamId.identity(identityId), identityId, IdentityCreated.V1, data, o, 1);
}

/** IdentityUpdated v1 of a created identity: its snapshot with `change` applied (the `changed` list is informative). */
export function identityUpdated(
  created: Created,
  change: Partial<Omit<IdentityUpdated.V1.Data, 'identity_id' | 'actor' | 'changed'>>,
  o: At = {},
): EventEnvelope<IdentityUpdated.V1.Data> {
  const c = created.data;
  const snapshot = {
    identity_id: c.identity_id,
    schema_id: c.schema_id,
    traits: c.traits,
    metadata_public: c.metadata_public,
    metadata_admin: c.metadata_admin,
    ...(c.external_id !== undefined ? { external_id: c.external_id } : {}),
    verifiable_addresses: c.verifiable_addresses,
    recovery_addresses: c.recovery_addresses,
    credentials: c.credentials,
  };
  const data: IdentityUpdated.V1.Data = { ...snapshot, ...change, changed: Object.keys(change).length > 0 ? Object.keys(change) : ['traits'], actor: ADMIN };
  return envelope(created.streamId, created.subject, IdentityUpdated.V1, data, o, 2);
}

export function identityStateChanged(created: Created, state: 'active' | 'inactive', o: At = {}): EventEnvelope<IdentityStateChanged.V1.Data> {
  const previous = state === 'active' ? 'inactive' : 'active';
  return envelope(created.streamId, created.subject, IdentityStateChanged.V1, { identity_id: created.data.identity_id, state, previous_state: previous, actor: ADMIN }, o, 2);
}

export function credentialsRemoved(created: Created, type: string, identifiers: string[], remaining: string[], o: At = {}): EventEnvelope<CredentialsRemoved.V1.Data> {
  const data = { identity_id: created.data.identity_id, type, identifiers, remaining_identifiers: remaining, actor: ADMIN };
  return envelope(created.streamId, created.subject, CredentialsRemoved.V1, data, o, 2);
}

export function identityDeleted(created: Created, o: At = {}): EventEnvelope<IdentityDeleted.V1.Data> {
  return envelope(created.streamId, created.subject, IdentityDeleted.V1, { identity_id: created.data.identity_id, actor: ADMIN }, o, 2);
}

/** IdentitiesImported v1: the summary of an import batch, in the stream `import:<id>`. */
export function identitiesImported(importId: string, created: Created[], o: At = {}): EventEnvelope<IdentitiesImported.V1.Data> {
  const data = { import_id: importId, identity_ids: created.map((c) => c.data.identity_id), failed: 0, actor: ADMIN };
  return envelope(streamId.importBatch(importId), importId, IdentitiesImported.V1, data, o, 1);
}
