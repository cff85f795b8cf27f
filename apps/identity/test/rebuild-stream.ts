import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@gatehouse/contracts';
import { addressVerified, identityRegistered, recoveryRequested, verificationRequested } from '@gatehouse/testing';
import { credentialsRemoved, identitiesImported, identityCreated, identityDeleted, identityStateChanged, identityUpdated } from './admin-events';

/** A realistic event store, in commit order: self-service registrations and verification, an admin import, updates,
 * state changes, credential removals and deletions, plus events the identity projection does not handle (a recovery
 * request in an identity stream, an import summary in its own stream). Identities share nothing (no external id moves
 * from one to another), so the order across identities, which Kafka partitions do not keep, does not matter. */
export function storeStream() {
  const t = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute)).toISOString();
  const alice = identityRegistered({ email: `alice-${randomUUID()}@example.com`, occurredAt: t(0) });
  const bob = identityRegistered({ email: `bob-${randomUUID()}@example.com`, withVerification: false, occurredAt: t(1) });
  const importId = randomUUID();
  const ada = identityCreated({ importId, externalId: `ada-${importId}`, occurredAt: t(10) });
  const grace = identityCreated({ importId, externalId: `grace-${importId}`, occurredAt: t(10) });
  const cy = identityCreated({ importId, state: 'inactive', metadataAdmin: null, occurredAt: t(10) });
  const dan = identityCreated({ occurredAt: t(11) });
  const oidc = ada.data.credentials.oidc.identifiers;
  const events: EventEnvelope[] = [
    alice,
    verificationRequested(alice, { streamVersion: 2, occurredAt: t(2) }),
    bob,
    addressVerified(alice, { streamVersion: 3, verifiedAt: t(3) }),
    recoveryRequested(bob, { streamVersion: 2 }),
    verificationRequested(bob, { streamVersion: 3, occurredAt: t(4) }),
    ada,
    grace,
    cy,
    identitiesImported(importId, [ada, grace, cy], { occurredAt: t(10) }),
    dan,
    identityUpdated(
      ada,
      {
        traits: { email: `ada.v2-${importId}@example.com` },
        external_id: `ada2-${importId}`,
        verifiable_addresses: [{ id: randomUUID(), value: `ada.v2-${importId}@example.com`, via: 'email', verified: false, status: 'pending', verified_at: null }],
      },
      { streamVersion: 2, occurredAt: t(12) },
    ),
    identityStateChanged(ada, 'inactive', { streamVersion: 3, occurredAt: t(13) }),
    credentialsRemoved(ada, 'oidc', [oidc[0]], [oidc[1]], { streamVersion: 4, occurredAt: t(14) }),
    identityDeleted(grace, { streamVersion: 2, occurredAt: t(15) }),
    identityStateChanged(cy, 'active', { streamVersion: 2, occurredAt: t(16) }),
    credentialsRemoved(dan, 'oidc', dan.data.credentials.oidc.identifiers, [], { streamVersion: 2, occurredAt: t(17) }),
    identityUpdated(dan, { external_id: `dan-${importId}`, metadata_public: { plan: 'pro' } }, { streamVersion: 3, occurredAt: t(18) }),
    identityStateChanged(ada, 'active', { streamVersion: 5, occurredAt: t(19) }),
    identityDeleted(dan, { streamVersion: 4, occurredAt: t(20) }),
  ];
  return { events, alice, bob, ada, grace, cy, dan, importId, at: t };
}

/** The events as a store reader hands them over: batches of `size` in commit order. */
export async function* batchesOf(events: readonly EventEnvelope[], size: number): AsyncGenerator<readonly EventEnvelope[]> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

/** A reader that stops after its first batch until `release` is called; `paused` resolves when it got there (the
 * rebuild holds its lock and has applied the first batch). */
export function pausedAfterFirstBatch(events: readonly EventEnvelope[], size: number) {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const paused = new Promise<void>((resolve) => (reached = resolve));
  async function* read(): AsyncGenerator<readonly EventEnvelope[]> {
    let first = true;
    for await (const batch of batchesOf(events, size)) {
      yield batch;
      if (first) {
        first = false;
        reached();
        await gate;
      }
    }
  }
  return { batches: read(), paused, release };
}
