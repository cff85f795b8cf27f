import { AddressVerified, EventEnvelope, IdentityRegistered, VerificationRequested } from '../events';
import { IdentityRow, uniqueAddresses, utc, VerifiableAddressRow } from './identity.row';

/** How the self-service events (flows' registration and verification) change the document. Pure. */

/** The credential types a registration can start an identity with, in the order the document lists them. */
const REGISTERED_TYPES = ['password', 'webauthn', 'passkey'] as const;

/** IdentityRegistered: the identity as the registration flow created it (the credentials the event names, unverified
 * addresses). */
export function registered(event: EventEnvelope<IdentityRegistered.V1.Data>): IdentityRow {
  const d = event.data;
  const at = utc(event.occurredAt);
  const sentTo = d.verification;
  return {
    id: d.identity_id,
    schema_id: d.schema_id,
    state: d.state,
    state_changed_at: at,
    traits: d.traits,
    metadata_public: null,
    metadata_admin: null,
    external_id: null,
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
    credentials: REGISTERED_TYPES.flatMap((type) => {
      const c = d.credentials[type];
      return c ? [{ identity_id: d.identity_id, type, identifiers: [...c.identifiers], version: 0, created_at: at, updated_at: at }] : [];
    }),
  };
}

/** VerificationRequested: a code or link went out, "sent" unless the address is verified already (Kratos keeps "completed"). */
export function verificationRequested(row: IdentityRow, event: EventEnvelope<VerificationRequested.V1.Data>): IdentityRow {
  return addressChanged(row, event, event.data.address_id, (a, at) => (a.status === 'completed' ? a : { ...a, status: 'sent', updated_at: at }));
}

/** AddressVerified: verified at the time the event names; a second verification keeps the first verified_at. */
export function addressVerified(row: IdentityRow, event: EventEnvelope<AddressVerified.V1.Data>): IdentityRow {
  return addressChanged(row, event, event.data.address_id, (a) => {
    if (a.verified && a.status === 'completed') return a;
    const at = utc(event.data.verified_at);
    return { ...a, verified: true, verified_at: at, status: 'completed', updated_at: at };
  });
}

/** Applies a change to one address and records the event as applied (version, last event). */
function addressChanged(row: IdentityRow, event: EventEnvelope, addressId: string, change: (a: VerifiableAddressRow, at: string) => VerifiableAddressRow): IdentityRow {
  const at = utc(event.occurredAt);
  return {
    ...row,
    last_event_id: event.id,
    version: event.streamVersion,
    verifiable_addresses: row.verifiable_addresses.map((a) => (a.id === addressId ? change(a, at) : a)),
  };
}
