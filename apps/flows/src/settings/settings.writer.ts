import { EventEnvelope, FactorAdded, TraitsChanged, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { PASSWORD_IDENTIFIER_CLAIM, CredentialsRepository } from '../identity/credentials.repository';
import { WebAuthnConfig } from '../identity/credential-configs';
import { credentialSecrets } from '../identity/identity.state';
import { SECOND_FACTOR_TYPES } from '../session/aal';
import { SessionService } from '../session/session.service';
import { RegistrationVerificationFlows } from '../verification/registration-verification';
import { SettingsFlowRepository } from './settings-flow.repository';
import { PlannedVerification } from './settings-verification';
import { SettingsEvent, SettingsFlow } from './settings.state';

export interface SettingsWrite {
  next: SettingsFlow;
  events: SettingsEvent[];
  /** The credential configs the change sets (sealed into the first event). */
  configs?: Record<string, Record<string, unknown>>;
  /** The password identifiers the identity holds now (a profile change moves their claims). */
  passwordIdentifiers: readonly string[];
  verifications: PlannedVerification[];
  /** The session the change is made with: a second factor it adds completes that factor on it (Kratos's
   * SessionAddAuthenticationMethods), so the session reaches aal2 along with the identity. */
  sessionId: string;
  now: Date;
}

/** Records a settings change in one transaction: identifier claims moved (a profile change), the events on the
 * identity's stream with the new credential configs sealed into the first, the verification codes and flows a
 * profile change sends, and the flow. The identity tables follow as inline projections. */
export class SettingsWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: SettingsFlowRepository,
    private readonly credentials: CredentialsRepository,
    private readonly verificationFlows: RegistrationVerificationFlows,
    private readonly sessions: SessionService,
  ) {}

  async record(w: SettingsWrite): Promise<EventEnvelope[]> {
    const identityId = w.next.identityId;
    const { events: appended } = await this.store.transact(async (tx) => {
      // the identity's stream first (its lock), then its rows: the order every writer of an identity keeps
      const stream = streamId.identity(identityId);
      const version = await tx.streamVersion(stream);
      const traits = w.events.find((e) => e.type === TraitsChanged.V1.name)?.data as TraitsChanged.V1.Data | undefined;
      if (traits) await moveClaims(tx, stream, w.passwordIdentifiers, traits.identifiers.password ?? w.passwordIdentifiers);
      const verificationEvents = w.verifications.map((v) => v.event);
      const events = [...w.events, ...verificationEvents].map((e, i) => (i === 0 && w.configs ? { ...e, ...credentialSecrets(w.configs) } : e));
      await tx.append({ streamId: stream, expectedVersion: version, subject: identityId, events, occurredAt: w.now });
      for (const v of w.verifications) await this.openVerification(tx, w.next, v, w.now);
      const added = w.events.find((e) => e.type === FactorAdded.V1.name)?.data as FactorAdded.V1.Data | undefined;
      if (added && SECOND_FACTOR_TYPES.includes(added.type) && !passwordlessKey(added, w.configs)) await this.sessions.raise(tx, { sessionId: w.sessionId, method: added.type, now: w.now });
      await this.flows.saveDecided(tx, w.next);
    });
    return appended;
  }

  private async openVerification(tx: EventStoreTransaction, flow: SettingsFlow, v: PlannedVerification, now: Date): Promise<void> {
    const d = v.event.data;
    if (d.method !== 'code') return;
    await this.credentials.saveVerificationCode(tx, {
      flowId: d.flow_id,
      identityId: d.identity_id,
      addressId: d.address_id,
      address: d.address,
      via: d.via,
      digest: v.digest,
      expiresAt: new Date(d.expires_at),
      at: now,
    });
    await this.verificationFlows.create(tx, flow, { flow_id: d.flow_id, address_id: d.address_id, address: d.address, via: d.via, sealed_code: d.sealed_code, expires_at: d.expires_at }, now);
  }
}

/** Releases the password identifiers the identity gives up and claims the new ones (ClaimTakenError when another
 * identity holds one: the change is refused and nothing is written). */
async function moveClaims(tx: EventStoreTransaction, stream: string, held: readonly string[], wanted: readonly string[]): Promise<void> {
  for (const value of held) if (!wanted.includes(value)) await tx.release(PASSWORD_IDENTIFIER_CLAIM, value);
  for (const value of wanted) if (!held.includes(value)) await tx.claim(PASSWORD_IDENTIFIER_CLAIM, value, stream);
}

/** A passwordless webauthn key is a first factor: adding it does not complete a second factor on the session. */
function passwordlessKey(added: FactorAdded.V1.Data, configs: SettingsWrite['configs']): boolean {
  const keys = (configs?.webauthn as WebAuthnConfig | undefined)?.credentials ?? [];
  return added.type === 'webauthn' && keys.some((k) => k.id === added.key?.id && k.is_passwordless);
}
