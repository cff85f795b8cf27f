import { AddressVerified, EventEnvelope, IdentityRegistered, VerificationRequested, subjectOf } from '@gatehouse/contracts';

/** The identity read model as one document: the identity row plus its child rows.
 * Timestamps are ISO-8601 strings in UTC with milliseconds (what timestamptz gives back). */
export interface IdentityRow {
  id: string;
  schema_id: string;
  state: 'active' | 'inactive';
  state_changed_at: string;
  traits: Record<string, unknown>;
  metadata_public: unknown;
  metadata_admin: unknown;
  created_at: string;
  updated_at: string;
  last_event_id: string;
  version: number;
  verifiable_addresses: VerifiableAddressRow[];
  recovery_addresses: RecoveryAddressRow[];
  credentials: CredentialRow[];
}

export interface VerifiableAddressRow {
  id: string;
  identity_id: string;
  value: string;
  via: 'email' | 'sms';
  verified: boolean;
  status: 'pending' | 'sent' | 'completed';
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryAddressRow {
  id: string;
  identity_id: string;
  value: string;
  via: 'email' | 'sms';
  created_at: string;
  updated_at: string;
}

export interface CredentialRow {
  identity_id: string;
  type: string;
  identifiers: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

const HANDLED = [IdentityRegistered.V1.name, VerificationRequested.V1.name, AddressVerified.V1.name] as const;

/** Pure: no I/O, no clock, no random ids. Everything comes from the event (ids from its data, time from occurredAt). */
export const identityProjection = {
  name: 'identity',
  canHandle: HANDLED as readonly string[],
  identityIdOf,
  evolve,
};

/** Which identity an event is about, or undefined when this projection does not handle it. */
export function identityIdOf(event: EventEnvelope): string | undefined {
  if (isRegisteredV1(event)) return event.data.identity_id;
  if (isV1<VerificationRequested.V1.Data>(event, VerificationRequested.V1) || isV1<AddressVerified.V1.Data>(event, AddressVerified.V1)) return event.data.identity_id;
  return identityProjection.canHandle.includes(event.type) ? subjectOf(event.streamId) : undefined;
}

/** Folds one event into the row. Returns the very same object when nothing changes
 * (unknown type, an event already applied, or an older stream version), so callers can skip the write. */
export function evolve(row: IdentityRow | null, event: EventEnvelope): IdentityRow | null {
  if (!identityProjection.canHandle.includes(event.type)) return row;
  if (row && (row.last_event_id === event.id || event.streamVersion <= row.version)) return row;
  if (isRegisteredV1(event)) return row ?? registered(event);
  if (!row) return row;
  if (isV1<VerificationRequested.V1.Data>(event, VerificationRequested.V1)) return addressChanged(row, event, event.data.address_id, sent);
  if (isV1<AddressVerified.V1.Data>(event, AddressVerified.V1)) return addressChanged(row, event, event.data.address_id, verified(event.data.verified_at));
  return row;
}

/** A code or link went out: "sent", unless the address is verified already (Kratos keeps "completed"). */
function sent(a: VerifiableAddressRow, at: string): VerifiableAddressRow {
  return a.status === 'completed' ? a : { ...a, status: 'sent', updated_at: at };
}

/** Verified at the time the event names; a second verification keeps the first verified_at. */
function verified(verifiedAt: string) {
  return (a: VerifiableAddressRow): VerifiableAddressRow => {
    if (a.verified && a.status === 'completed') return a;
    const at = new Date(verifiedAt).toISOString();
    return { ...a, verified: true, verified_at: at, status: 'completed', updated_at: at };
  };
}

/** Applies a change to one address and records the event as applied (version, last event). */
function addressChanged(row: IdentityRow, event: EventEnvelope, addressId: string, change: (a: VerifiableAddressRow, at: string) => VerifiableAddressRow): IdentityRow {
  const at = new Date(event.occurredAt).toISOString();
  return {
    ...row,
    last_event_id: event.id,
    version: event.streamVersion,
    verifiable_addresses: row.verifiable_addresses.map((a) => (a.id === addressId ? change(a, at) : a)),
  };
}

function isV1<D>(event: EventEnvelope, contract: { name: string; version: number }): event is EventEnvelope<D> {
  return event.type === contract.name && event.version === contract.version;
}

function registered(event: EventEnvelope<IdentityRegistered.V1.Data>): IdentityRow {
  const d = event.data;
  const at = new Date(event.occurredAt).toISOString();
  const sentTo = d.verification;
  return {
    id: d.identity_id,
    schema_id: d.schema_id,
    state: d.state,
    state_changed_at: at,
    traits: d.traits,
    metadata_public: null,
    metadata_admin: null,
    created_at: at,
    updated_at: at,
    last_event_id: event.id,
    version: event.streamVersion,
    // The registration's verification hook sends a code to this address: Kratos marks it "sent".
    verifiable_addresses: uniqueAddresses(d.verifiable_addresses).map((a) => ({
      id: a.id,
      identity_id: d.identity_id,
      value: a.value,
      via: a.via,
      verified: false,
      status: sentTo && (sentTo.address_id === a.id || (sentTo.address === a.value && sentTo.via === a.via)) ? 'sent' : 'pending',
      verified_at: null,
      created_at: at,
      updated_at: at,
    })),
    recovery_addresses: uniqueAddresses(d.recovery_addresses).map((a) => ({
      id: a.id,
      identity_id: d.identity_id,
      value: a.value,
      via: a.via,
      created_at: at,
      updated_at: at,
    })),
    credentials: [
      { identity_id: d.identity_id, type: 'password', identifiers: [...d.credentials.password.identifiers], version: 0, created_at: at, updated_at: at },
    ],
  };
}

function isRegisteredV1(event: EventEnvelope): event is EventEnvelope<IdentityRegistered.V1.Data> {
  return event.type === IdentityRegistered.V1.name && event.version === IdentityRegistered.V1.version;
}

/** One row per (via, value) and per id, first one wins: the table's unique keys must never reject a valid event. */
function uniqueAddresses<A extends { id: string; value: string; via: string }>(addresses: readonly A[]): A[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const keys = [`id:${a.id}`, `addr:${a.via}:${a.value}`];
    if (keys.some((k) => seen.has(k))) return false;
    keys.forEach((k) => seen.add(k));
    return true;
  });
}
