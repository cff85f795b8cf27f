import { EventEnvelope, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { VerificationRecipient } from './verification.commands';
import { VerificationFlowRepository } from './verification-flow.repository';
import { VerificationSecretsRepository } from './verification-secrets.repository';
import { VerificationEvent, VerificationFlow, VerificationMethod } from './verification.state';

/** The secret was used (or the flow passed or hit its limit of wrong codes) by a concurrent submit. */
export class VerificationSecretUsedError extends Error {}

export interface RequestedWrite {
  next: VerificationFlow;
  events: VerificationEvent[];
  method: VerificationMethod;
  /** The digest to keep; stored only when an event names a known recipient. */
  secret: { recipient?: VerificationRecipient; digest: string; expiresAt: Date };
  now: Date;
}

/** Records verification decisions in one transaction each: events on the identity's stream (Kafka key =
 * identity id, in order with its other events), secret digests, the flow and the write side's identity copy. */
export class VerificationWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: VerificationFlowRepository,
    private readonly secrets: VerificationSecretsRepository,
  ) {}

  /** A request: what was sent before on this flow stops working; a known recipient gets the event and a digest. */
  async requested(w: RequestedWrite): Promise<EventEnvelope[]> {
    const { events } = await this.store.transact(async (tx) => {
      await this.secrets.invalidate(tx, w.next.id, w.now);
      const recipient = w.secret.recipient;
      if (w.events.length > 0 && recipient) {
        await this.append(tx, recipient.identityId, w.events, w.now);
        await this.secrets.save(tx, w.next.id, w.method, { recipient, digest: w.secret.digest, expiresAt: w.secret.expiresAt }, w.now);
      }
      if (!(await this.flows.transition(tx, w.next))) throw new VerificationSecretUsedError();
    });
    return events;
  }

  /** A matching secret: used once, AddressVerified, the flow passed, the address verified on the identity copy. */
  async verified(next: VerificationFlow, events: VerificationEvent[], secretId: string, maxFailed: number, now: Date): Promise<EventEnvelope[]> {
    const [event] = events;
    if (event?.type !== 'AddressVerified') throw new Error('a verification records AddressVerified');
    const { events: appended } = await this.store.transact(async (tx) => {
      if (!(await this.secrets.use(tx, secretId, now))) throw new VerificationSecretUsedError();
      if (!(await this.flows.transition(tx, next, maxFailed))) throw new VerificationSecretUsedError();
      await this.append(tx, event.data.identity_id, events, now);
    });
    return appended;
  }

  private async append(tx: EventStoreTransaction, identityId: string, events: VerificationEvent[], now: Date): Promise<void> {
    const stream = streamId.identity(identityId);
    await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events, occurredAt: now });
  }
}
