import { CredentialsRemoved, EventEnvelope, IdentityCreated, IdentityUpdated, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { CredentialConfigs, credentialSecrets } from '../identity/identity.state';
import { AdminIdentityRepository } from './admin-identity.repository';
import { AdminIdentityEvent } from './admin-identity.state';
import { IfMatch, matches, preconditionFailed } from './if-match';
import { AdminIdentity, claimKey, claimsOf } from './identity-record';

/** What one admin change records: its events and the identity it leaves (null: deleted). */
export interface PlannedChange {
  events: AdminIdentityEvent[];
  next: AdminIdentity | null;
}

export interface WrittenChange {
  /** The identity after the change (the current one when nothing changed; null when deleted or unknown). */
  identity: AdminIdentity | null;
  events: EventEnvelope[];
  /** The identity's stream version after the change (its ETag). */
  version: number;
}

/** Records one admin change of one identity in one transaction: the identity row is locked, the change planned
 * against it (the plan may throw a KratosError), unique claims released and taken for what changed, the events
 * appended to the identity's stream at the version read before the identity (optimistic concurrency: the store
 * runs the whole of it again when another writer got in between); the identity tables follow as inline projections.
 * An `ifMatch` condition (If-Match) is checked against that same version, under the stream's lock: of two writers
 * that name one version, the second finds it moved and answers 412. All or nothing; `plan` may run more than once. */
export class AdminIdentityWriter {
  constructor(
    private readonly store: EventStore,
    private readonly identities: AdminIdentityRepository,
  ) {}

  async write(identityId: string, now: Date, plan: (current: AdminIdentity | null) => PlannedChange, ifMatch?: IfMatch): Promise<WrittenChange> {
    const stream = streamId.identity(identityId);
    const { result, events } = await this.store.transact(async (tx) => {
      // the version (and the stream's lock) first, then the identity: other writers of this identity wait for the
      // commit, and a change that still got in between fails the append below (ConcurrencyError), after which the
      // store plans again on what the identity is then; nothing is overwritten
      const version = await tx.streamVersion(stream);
      const current = await this.identities.load(identityId, tx);
      // an unknown identity is the plan's 404, conditional or not (RFC 9110 §13.2.1)
      if (ifMatch && current && !matches(ifMatch, version)) throw preconditionFailed(ifMatch, version);
      const change = plan(current);
      if (change.events.length === 0) return { identity: current, version };
      await reclaim(tx, stream, current, change.next);
      await tx.append({ streamId: stream, expectedVersion: version, subject: identityId, events: withConfigs(change), occurredAt: now, metadata: actorMetadata(change.events) });
      // the identity tables follow the events (inline projection); a deletion also destroys the identity's data key
      if (!change.next) await this.identities.forget(tx, identityId);
      return { identity: change.next, version: version + change.events.length };
    });
    return { ...result, events };
  }
}

/** The events with the credential configs of the identity they leave sealed into the first one that changes
 * credentials or creates the identity (its secret part; the configs replace those of their types). */
export function withConfigs(change: PlannedChange): AdminIdentityEvent[] {
  const next = change.next;
  if (!next) return change.events;
  const at = change.events.findIndex((e) => CONFIG_CARRIERS.has(e.type));
  return change.events.map((e, i) => (i === at ? { ...e, ...credentialSecrets(configsOf(next)) } : e));
}

/** The credential configs of an identity, by type. */
export function configsOf(identity: AdminIdentity): CredentialConfigs {
  return Object.fromEntries(Object.values(identity.credentials).map((c) => [c.type, c.config]));
}

/** Who made the change, also in the clear metadata of its events: the audit history still names the operator after
 * the identity's data key is destroyed (the actor is the operator, never the identity's own data). */
function actorMetadata(events: readonly AdminIdentityEvent[]): Record<string, unknown> | undefined {
  const actor = (events[0]?.data as { actor?: unknown } | undefined)?.actor;
  return actor === undefined ? undefined : { actor };
}

const CONFIG_CARRIERS = new Set<string>([IdentityCreated.V1.name, IdentityUpdated.V1.name, CredentialsRemoved.V1.name]);

/** Releases the claims the identity gives up and takes the new ones (ClaimTakenError when another stream holds one). */
async function reclaim(tx: EventStoreTransaction, stream: string, current: AdminIdentity | null, next: AdminIdentity | null): Promise<void> {
  const held = new Map(claimsOf(current).map((c) => [claimKey(c), c]));
  const wanted = new Map(claimsOf(next).map((c) => [claimKey(c), c]));
  for (const [key, c] of held) if (!wanted.has(key)) await tx.release(c.kind, c.value);
  for (const [key, c] of wanted) if (!held.has(key)) await tx.claim(c.kind, c.value, stream);
}
