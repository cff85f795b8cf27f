import { EventEnvelope, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { RecoveryFlowRepository } from './recovery-flow.repository';
import { IssuedSession, SessionService } from '../session/session.service';
import { SettingsFlowRepository } from '../settings/settings-flow.repository';
import { SettingsFlow } from '../settings/settings.state';
import { VerificationSecretsRepository } from '../verification/verification-secrets.repository';
import { RecoveryRecipient } from './recovery.commands';
import { RecoveryEvent, RecoveryFlow, RecoveryMethod } from './recovery.state';

/** The secret was used (or the flow passed or hit its limit of wrong codes) by a concurrent submit. */
export class RecoverySecretUsedError extends Error {}

export interface RecoveryRequestedWrite {
  next: RecoveryFlow;
  events: RecoveryEvent[];
  method: RecoveryMethod;
  /** The digest to keep; stored only when an event names a known recipient (or an administrator asked). */
  secret: { recipient?: RecoveryRecipient; digest: string; expiresAt: Date };
  now: Date;
}

export interface RecoveredWrite {
  next: RecoveryFlow;
  events: RecoveryEvent[];
  secretId: string;
  maxFailed: number;
  settingsFlow: SettingsFlow;
  /** selfservice.flows.recovery.after.hooks has revoke_active_sessions */
  revokeSessions: boolean;
  now: Date;
}

/** Records recovery decisions in one transaction each, on the identity's stream (Kafka key = identity id). */
export class RecoveryWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: RecoveryFlowRepository,
    private readonly secrets: VerificationSecretsRepository,
    private readonly settingsFlows: SettingsFlowRepository,
    private readonly sessions: SessionService,
  ) {}

  /** A request (or an administrator's code or link, without an event): what was sent before stops working. */
  async requested(w: RecoveryRequestedWrite, create = false): Promise<void> {
    await this.store.transact(async (tx) => {
      if (create) await this.flows.create(w.next, tx);
      else await this.secrets.invalidate(tx, w.next.id, w.now);
      const recipient = w.secret.recipient;
      if (w.events.length > 0 && recipient) await this.append(tx, recipient.identityId, w.events, w.now);
      if (recipient) await this.secrets.save(tx, w.next.id, w.method, { recipient, digest: w.secret.digest, expiresAt: w.secret.expiresAt }, w.now);
      if (!create && !(await this.flows.transition(tx, w.next))) throw new RecoverySecretUsedError();
    });
  }

  /** A matching secret: used once, RecoverySucceeded, the other sessions revoked, a privileged session issued
   * (SessionIssued reason recovery) and the settings flow opened, all or nothing. The events appended come back
   * for read-your-writes. */
  async recovered(w: RecoveredWrite): Promise<{ issued: IssuedSession; events: EventEnvelope[] }> {
    const [event] = w.events;
    if (event?.type !== 'RecoverySucceeded') throw new Error('a recovery records RecoverySucceeded');
    const d = event.data;
    const { result, events } = await this.store.transact(async (tx) => {
      if (!(await this.secrets.use(tx, w.secretId, w.now))) throw new RecoverySecretUsedError();
      if (!(await this.flows.transition(tx, w.next, w.maxFailed))) throw new RecoverySecretUsedError();
      await this.append(tx, d.identity_id, w.events, w.now);
      if (w.revokeSessions) await this.sessions.revokeAllIn(tx, d.identity_id, 'recovery', w.now);
      const issued = await this.sessions.issue(tx, { sessionId: d.session_id, identityId: d.identity_id, method: `${d.method}_recovery`, reason: 'recovery', now: w.now });
      await this.settingsFlows.create(w.settingsFlow, tx);
      return issued;
    });
    return { issued: result, events };
  }

  private async append(tx: EventStoreTransaction, identityId: string, events: RecoveryEvent[], now: Date): Promise<void> {
    const stream = streamId.identity(identityId);
    await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events, occurredAt: now });
  }
}
