import { EventEnvelope, PasswordChanged, streamId } from '@gatehouse/contracts';
import { EventStore } from '@gatehouse/eventsourcing';
import { credentialSecrets } from '../identity/identity.state';
import { SettingsFlowRepository } from './settings-flow.repository';
import { SettingsEvent, SettingsFlow } from './settings.state';

/** Records a password change in one transaction: PasswordChanged (the new hash sealed in it) on the identity's stream, the flow. */
export class SettingsWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: SettingsFlowRepository,
  ) {}

  async passwordChanged(next: SettingsFlow, events: SettingsEvent[], hashedPassword: string, now: Date): Promise<EventEnvelope[]> {
    const { events: appended } = await this.store.transact(async (tx) => {
      // the identity's stream first (its lock), then its rows: the order every writer of an identity keeps
      const stream = streamId.identity(next.identityId);
      // the new hash in the sealed part of PasswordChanged: identity_credentials is its inline projection
      const sealed = events.map((e) => (e.type === PasswordChanged.V1.name ? { ...e, ...credentialSecrets({ password: { hashed_password: hashedPassword } }) } : e));
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: next.identityId, events: sealed, occurredAt: now });
      await this.flows.saveDecided(tx, next);
    });
    return appended;
  }
}
