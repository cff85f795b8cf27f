import { CredentialsRemoved, EventEnvelope, IdentityCreated, IdentityStateChanged, IdentityUpdated } from '../events';
import { CredentialRow, IdentityRow, RecoveryAddressRow, uniqueAddresses, utc, VerifiableAddressRow } from './identity.row';
import { credentialNarrowed } from './settings.evolve';

/** How the admin API's events change the document. Pure. IdentityDeleted has no function here: it ends the document. */

type Snapshot = IdentityCreated.V1.Data | IdentityUpdated.V1.Data;

/** IdentityCreated: the identity as the admin API (create or import) wrote it, addresses and credential types as given. */
export function created(event: EventEnvelope<IdentityCreated.V1.Data>): IdentityRow {
  const d = event.data;
  const at = utc(event.occurredAt);
  return {
    id: d.identity_id,
    ...snapshotFields(d),
    state: d.state,
    state_changed_at: at,
    created_at: at,
    updated_at: at,
    last_event_id: event.id,
    version: event.streamVersion,
    ...snapshotChildren(d, at, undefined),
  };
}

/** IdentityUpdated: everything but the state replaced by the event's snapshot. Addresses that keep their id and
 * credential types that stay keep their created_at (and their updated_at when nothing about them changed). */
export function updated(row: IdentityRow, event: EventEnvelope<IdentityUpdated.V1.Data>): IdentityRow {
  const at = utc(event.occurredAt);
  return {
    ...row,
    ...snapshotFields(event.data),
    updated_at: at,
    last_event_id: event.id,
    version: event.streamVersion,
    ...snapshotChildren(event.data, at, row),
  };
}

/** IdentityStateChanged: the new state, changed (and updated) at the event's time. */
export function stateChanged(row: IdentityRow, event: EventEnvelope<IdentityStateChanged.V1.Data>): IdentityRow {
  const at = utc(event.occurredAt);
  return { ...row, state: event.data.state, state_changed_at: at, updated_at: at, last_event_id: event.id, version: event.streamVersion };
}

/** CredentialsRemoved: the credential keeps `remaining_identifiers`; none left removes it. */
export function credentialsRemoved(row: IdentityRow, event: EventEnvelope<CredentialsRemoved.V1.Data>): IdentityRow {
  return credentialNarrowed(row, event, event.data.type, event.data.remaining_identifiers);
}

function snapshotFields(d: Snapshot): Pick<IdentityRow, 'schema_id' | 'traits' | 'metadata_public' | 'metadata_admin' | 'external_id'> {
  return {
    schema_id: d.schema_id,
    traits: d.traits,
    metadata_public: d.metadata_public ?? null,
    metadata_admin: d.metadata_admin ?? null,
    external_id: d.external_id ?? null,
  };
}

/** The child rows of a snapshot; `before` (the document so far) lends created_at, and whole rows and sets that did not change. */
function snapshotChildren(d: Snapshot, at: string, before: IdentityRow | undefined): Pick<IdentityRow, 'verifiable_addresses' | 'recovery_addresses' | 'credentials'> {
  const id = d.identity_id;
  const verifiable = uniqueAddresses(d.verifiable_addresses).map((a) =>
    keep<VerifiableAddressRow>(before?.verifiable_addresses.find((b) => b.id === a.id), at, {
      id: a.id,
      identity_id: id,
      value: a.value,
      via: a.via,
      verified: a.verified,
      status: a.status,
      verified_at: a.verified_at === null ? null : utc(a.verified_at),
    }),
  );
  const recovery = uniqueAddresses(d.recovery_addresses).map((a) =>
    keep<RecoveryAddressRow>(before?.recovery_addresses.find((b) => b.id === a.id), at, { id: a.id, identity_id: id, value: a.value, via: a.via }),
  );
  const credentials = Object.entries(d.credentials).map(([type, c]) =>
    keep<CredentialRow>(before?.credentials.find((b) => b.type === type), at, { identity_id: id, type, identifiers: [...c.identifiers], version: c.version }),
  );
  return {
    verifiable_addresses: sameSet(before?.verifiable_addresses, verifiable),
    recovery_addresses: sameSet(before?.recovery_addresses, recovery),
    credentials: sameSet(before?.credentials, credentials),
  };
}

/** The previous array when it holds the very same rows (so that the writer leaves the set alone). */
function sameSet<R>(previous: R[] | undefined, next: R[]): R[] {
  return previous && previous.length === next.length && previous.every((r) => next.includes(r)) ? previous : next;
}

/** The previous row when `next` says the same; else `next`, created at the previous row's time (or now) and updated now. */
function keep<R extends { created_at: string; updated_at: string }>(previous: R | undefined, at: string, next: Omit<R, 'created_at' | 'updated_at'>): R {
  if (previous && sameFields(previous, next)) return previous;
  return { ...next, created_at: previous?.created_at ?? at, updated_at: at } as R;
}

function sameFields(previous: Record<string, unknown>, next: Record<string, unknown>): boolean {
  return Object.entries(next).every(([k, v]) => (Array.isArray(v) ? JSON.stringify(v) === JSON.stringify(previous[k]) : previous[k] === v));
}
