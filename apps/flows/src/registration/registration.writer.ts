import { EventEnvelope, streamId } from '@gatehouse/contracts';
import { EventStore } from '@gatehouse/eventsourcing';
import { CredentialsRepository, PASSWORD_IDENTIFIER_CLAIM } from '../identity/credentials.repository';
import { FlowRepository } from '../persistence/flow.repository';
import { CredentialConfigs, credentialSecrets } from '../identity/identity.state';
import { IssuedSession, SessionService } from '../session/session.service';
import { RegistrationVerificationFlows } from '../verification/registration-verification';
import { RegistrationEvent, RegistrationFlow, evolve } from './registration.state';


export class FlowAlreadyCompletedError extends Error {}

export interface RegistrationWrite {
  flow: RegistrationFlow;
  events: RegistrationEvent[];
  /** The secret config of the credential the submit created, by type (password: `{hashed_password}`; passkey and
   * webauthn: the key), sealed into IdentityRegistered. */
  configs: CredentialConfigs;
  /** The method the identity signed up with: the session's authentication method. */
  method: string;
  now: Date;
  /** The HMAC of the verification code in the event (the code itself only travels sealed). */
  codeDigest?: string;
  /** Set when the `session` hook runs: the id of the session to issue. */
  sessionId?: string;
}

/** Records a decided registration in one transaction: identifier claims, IdentityRegistered, the credential's
 * secret (password hash or key), the verification code digest with its verification flow, and the completed flow. All or nothing. */
export class RegistrationWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: FlowRepository<RegistrationFlow>,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionService,
    private readonly verificationFlows: RegistrationVerificationFlows,
  ) {}

  async write(w: RegistrationWrite): Promise<{ events: EventEnvelope[]; session?: IssuedSession }> {
    const [registered] = w.events;
    const data = registered.data;
    const stream = streamId.identity(data.identity_id);
    const { events, result } = await this.store.transact(async (tx) => {
      // the password identifiers also when the identity signs up with a key: they keep the identifier unique
      for (const identifier of data.credentials.password?.identifiers ?? []) await tx.claim(PASSWORD_IDENTIFIER_CLAIM, identifier, stream);
      // the secrets only in the sealed part of IdentityRegistered: the identity tables are its inline projection
      const events = w.events.map((e) => (e === registered ? { ...e, ...credentialSecrets(w.configs) } : e));
      await tx.append({ streamId: stream, expectedVersion: 0, subject: data.identity_id, events, occurredAt: w.now });
      if (w.codeDigest && data.verification) {
        await this.credentials.saveVerificationCode(tx, {
          flowId: data.verification.flow_id,
          identityId: data.identity_id,
          addressId: data.verification.address_id,
          address: data.verification.address,
          via: data.verification.via,
          digest: w.codeDigest,
          expiresAt: new Date(data.verification.expires_at),
          at: w.now,
        });
        await this.verificationFlows.create(tx, w.flow, data.verification, w.now);
      }
      const completed = w.events.reduce(evolve, w.flow);
      if (!completed || !(await this.flows.complete(tx, completed))) throw new FlowAlreadyCompletedError();
      if (!w.sessionId) return undefined;
      return this.sessions.issue(tx, { sessionId: w.sessionId, identityId: data.identity_id, method: w.method, reason: 'registration', now: w.now });
    });
    return { events, session: result };
  }
}
