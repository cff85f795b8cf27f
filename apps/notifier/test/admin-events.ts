import { randomUUID } from 'node:crypto';
import { EventEnvelope, IdentityCreated, IdentityDeleted, IdentityRegistered, IdentityUpdated, streamId } from '@gatehouse/contracts';
import { identityRegistered } from '@gatehouse/testing';

/** Events of the admin identity API (IdentityCreated, IdentityUpdated, IdentityDeleted v1) as it appends them. */

const actor = { type: 'admin' as const, id: 'ops@example.org' };

function envelope<T>(type: { name: string; version: number }, identityId: string, streamVersion: number, data: T, occurredAt?: string): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type: type.name,
    version: type.version,
    streamId: streamId.identity(identityId),
    streamVersion,
    subject: identityId,
    occurredAt: occurredAt ?? new Date().toISOString(),
    data,
  };
}

export function identityCreated(o: { identityId?: string; email?: string; first?: string; occurredAt?: string } = {}): EventEnvelope<IdentityCreated.V1.Data> {
  const identityId = o.identityId ?? randomUUID();
  const email = o.email ?? `admin-${identityId.slice(0, 8)}@example.com`;
  const data: IdentityCreated.V1.Data = {
    identity_id: identityId,
    schema_id: 'default',
    traits: { email, name: { first: o.first ?? 'Ada', last: 'Lovelace' } },
    metadata_public: null,
    metadata_admin: null,
    verifiable_addresses: [{ id: randomUUID(), value: email, via: 'email', verified: false, status: 'pending', verified_at: null }],
    recovery_addresses: [{ id: randomUUID(), value: email, via: 'email' }],
    credentials: { password: { identifiers: [email], version: 0 } },
    state: 'active',
    actor,
  };
  return envelope(IdentityCreated.V1, identityId, 1, data, o.occurredAt);
}

/** The identity as an update at `streamVersion` leaves it: its traits merged with `traits`. */
export function identityUpdated(
  created: EventEnvelope<IdentityCreated.V1.Data>,
  streamVersion: number,
  o: { traits?: Record<string, unknown>; schemaId?: string; occurredAt?: string } = {},
): EventEnvelope<IdentityUpdated.V1.Data> {
  const c = created.data;
  const data: IdentityUpdated.V1.Data = {
    identity_id: c.identity_id,
    schema_id: o.schemaId ?? c.schema_id,
    traits: { ...c.traits, ...o.traits },
    metadata_public: c.metadata_public,
    metadata_admin: c.metadata_admin,
    verifiable_addresses: c.verifiable_addresses,
    recovery_addresses: c.recovery_addresses,
    credentials: c.credentials,
    changed: o.schemaId ? ['schema_id', 'traits'] : ['traits'],
    actor,
  };
  return envelope(IdentityUpdated.V1, created.data.identity_id, streamVersion, data, o.occurredAt);
}

export function identityDeleted(identityId: string, streamVersion: number, o: { occurredAt?: string } = {}): EventEnvelope<IdentityDeleted.V1.Data> {
  return envelope(IdentityDeleted.V1, identityId, streamVersion, { identity_id: identityId, actor }, o.occurredAt);
}

/** A registration of the created identity's address, for the testing fixtures that derive a challenge event
 * (recoveryRequested, verificationRequested) from one; it is not published itself. */
export function asRegistration(created: EventEnvelope<IdentityCreated.V1.Data>): EventEnvelope<IdentityRegistered.V1.Data> {
  return identityRegistered({ identityId: created.data.identity_id, email: created.data.recovery_addresses[0].value, withVerification: false });
}
