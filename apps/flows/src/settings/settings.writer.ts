import { EventEnvelope, streamId } from '@gatehouse/contracts';
import { EventStore } from '@gatehouse/eventsourcing';
import { CredentialsRepository } from '../persistence/credentials.repository';
import { SettingsFlowRepository } from './settings-flow.repository';
import { SettingsEvent, SettingsFlow } from './settings.state';

/** Records a password change in one transaction: the new hash, PasswordChanged on the identity's stream, the flow. */
export class SettingsWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: SettingsFlowRepository,
    private readonly credentials: CredentialsRepository,
  ) {}

  async passwordChanged(next: SettingsFlow, events: SettingsEvent[], hashedPassword: string, now: Date): Promise<EventEnvelope[]> {
    const { events: appended } = await this.store.transact(async (tx) => {
      // the identity's stream first (its lock), then its rows: the order every writer of an identity keeps
      const stream = streamId.identity(next.identityId);
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: next.identityId, events, occurredAt: now });
      await this.credentials.updatePasswordHash(tx, next.identityId, hashedPassword, now);
      await this.flows.saveDecided(tx, next);
    });
    return appended;
  }
}
