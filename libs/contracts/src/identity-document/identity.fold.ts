import {
  AddressVerified,
  CredentialsRemoved,
  EventEnvelope,
  FactorAdded,
  FactorRemoved,
  TraitsChanged,
  IdentityCreated,
  IdentityDeleted,
  IdentityRegistered,
  IdentityStateChanged,
  IdentityUpdated,
  VerificationRequested,
} from '../events';
import { subjectOf } from '../stream-ids';
import { created, credentialsRemoved, stateChanged, updated } from './admin-change.evolve';
import { IdentityRow } from './identity.row';
import { addressVerified, registered, verificationRequested } from './self-service.evolve';
import { factorAdded, factorRemoved, traitsChanged } from './settings.evolve';


/** How one event type (one contract version) changes the document of the identity it names. */
interface Evolver<D> {
  contract: { name: string; version: number };
  identityId: (data: D) => string;
  /** Called only for an event not applied yet and newer than the document; null = no identity (never was, or deleted). */
  evolve: (row: IdentityRow | null, event: EventEnvelope<D>) => IdentityRow | null;
}

function on<D extends { identity_id: string }>(contract: { name: string; version: number }, evolve: Evolver<D>['evolve']): Evolver<D> {
  return { contract, identityId: (d) => d.identity_id, evolve };
}

/** Only these change the document: a create arrives for an unknown identity, the rest for a known one. */
const EVOLVERS = [
  on<IdentityRegistered.V1.Data>(IdentityRegistered.V1, (row, e) => row ?? registered(e)),
  on<VerificationRequested.V1.Data>(VerificationRequested.V1, (row, e) => row && verificationRequested(row, e)),
  on<AddressVerified.V1.Data>(AddressVerified.V1, (row, e) => row && addressVerified(row, e)),
  on<IdentityCreated.V1.Data>(IdentityCreated.V1, (row, e) => row ?? created(e)),
  on<IdentityUpdated.V1.Data>(IdentityUpdated.V1, (row, e) => row && updated(row, e)),
  on<IdentityStateChanged.V1.Data>(IdentityStateChanged.V1, (row, e) => row && stateChanged(row, e)),
  on<IdentityDeleted.V1.Data>(IdentityDeleted.V1, () => null),
  on<CredentialsRemoved.V1.Data>(CredentialsRemoved.V1, (row, e) => row && credentialsRemoved(row, e)),
  on<TraitsChanged.V1.Data>(TraitsChanged.V1, (row, e) => row && traitsChanged(row, e)),
  on<FactorAdded.V1.Data>(FactorAdded.V1, (row, e) => row && factorAdded(row, e)),
  on<FactorRemoved.V1.Data>(FactorRemoved.V1, (row, e) => row && factorRemoved(row, e)),
] as Evolver<unknown>[];

/** Pure: no I/O, no clock, no random ids. Everything comes from the event (ids from its data, time from occurredAt). */
export const identityProjection = {
  name: 'identity',
  canHandle: EVOLVERS.map((e) => e.contract.name) as readonly string[],
  identityIdOf,
  evolve,
};

function evolverOf(event: EventEnvelope): Evolver<unknown> | undefined {
  return EVOLVERS.find((e) => e.contract.name === event.type && e.contract.version === event.version);
}

/** Which identity an event is about, or undefined when this projection does not handle it. */
export function identityIdOf(event: EventEnvelope): string | undefined {
  const evolver = evolverOf(event);
  if (evolver) return evolver.identityId(event.data);
  return identityProjection.canHandle.includes(event.type) ? subjectOf(event.streamId) : undefined;
}

/** Folds one event into the document (null: no identity). Returns the very same value when nothing changes
 * (unknown type, an event already applied, an older stream version, or an event for an identity that does not
 * exist), so callers can skip the write. A deletion returns null for an existing document. */
export function evolve(row: IdentityRow | null, event: EventEnvelope): IdentityRow | null {
  const evolver = evolverOf(event);
  if (!evolver) return row;
  if (row && (row.last_event_id === event.id || event.streamVersion <= row.version)) return row;
  return evolver.evolve(row, event);
}
