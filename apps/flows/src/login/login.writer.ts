import { EventEnvelope, PasswordHashUpgraded, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { credentialSecrets } from '../identity/identity.state';
import { CredentialsRepository } from '../identity/credentials.repository';
import { FlowRepository } from '../persistence/flow.repository';
import { SessionRecord } from '../session/session.repository';
import { SessionService } from '../session/session.service';
import type { FieldError } from '../schema/traits-validator';
import type { IdentityChange, SecondFactorCredential } from '../strategies/strategy';
import { decide } from './login.decide';
import { LoginRejection } from './login.errors';
import { LoginEvent, LoginFlow, evolve } from './login.state';

export class LoginFlowCompletedError extends Error {}
/** The session a refresh login was to re-authenticate was revoked or expired in the meantime. */
export class RefreshedSessionGoneError extends Error {}

/** Records a decided login attempt in one transaction: the login event, and on success the session
 * (SessionIssued, reason login or refresh), the completed flow and an upgraded password hash when one is due. */
export class LoginWriter {
  constructor(
    private readonly store: EventStore,
    private readonly flows: FlowRepository<LoginFlow>,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionService,
  ) {}

  async failed(flow: LoginFlow, events: LoginEvent[], subject: string): Promise<void> {
    await this.store.transact(async (tx) => {
      const stream = streamId.loginFlow(flow.id);
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject, events });
    });
  }

  /** On success: the new session with its token, or the re-authenticated session (it keeps its token) when the
   * decision refreshes one (LoginSucceeded `refresh`). Throws RefreshedSessionGoneError, with nothing recorded,
   * when that session ended since the request resolved it. */
  async succeeded(
    flow: LoginFlow,
    events: LoginEvent[],
    input: { now: Date; rehash?: { from: string; to: string }; used?: IdentityChange },
  ): Promise<{ session: SessionRecord; token?: string; events: EventEnvelope[] }> {
    const succeeded = events.find((e): e is Extract<LoginEvent, { type: 'LoginSucceeded' }> => e.type === 'LoginSucceeded');
    if (!succeeded) throw new Error('a successful login records LoginSucceeded');
    const { identity_id: identityId, session_id: sessionId, refresh } = succeeded.data;
    const { result, events: appended } = await this.store.transact(async (tx) => {
      const stream = streamId.loginFlow(flow.id);
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events });
      const method = succeeded.data.method;
      if (input.used) await appendChange(tx, identityId, input.used, input.now);
      let issued: { session: SessionRecord; token?: string };
      if (refresh) {
        const session = await this.sessions.reauthenticate(tx, { sessionId, method, now: input.now });
        if (!session) throw new RefreshedSessionGoneError();
        issued = { session };
      } else {
        const { session, token } = await this.sessions.issue(tx, { sessionId, identityId, method, reason: 'login', now: input.now });
        issued = { session, token };
      }
      if (input.rehash) await this.upgradeHash(tx, { identityId, flowId: flow.id, ...input.rehash, now: input.now });
      const completed = events.reduce(evolve, flow);
      if (!completed || !(await this.flows.complete(tx, completed))) throw new LoginFlowCompletedError();
      return issued;
    });
    return { ...result, events: appended };
  }

  /** A second factor on an aal2 flow, in one transaction: the identity's stream locked and its credentials read
   * under the lock, the factor verified against them, the attempt recorded (LoginSucceeded or LoginFailed), and on
   * success what using the factor changes (a TOTP step spent, a lookup code used up, a key's counter) and the
   * session raised (SessionAalRaised). So a code is accepted once only, on every replica. */
  async secondFactor(
    flow: LoginFlow,
    input: { identityId: string; sessionId: string; method: string; credential: SecondFactorCredential; now: Date },
  ): Promise<{ rejection: LoginRejection } | { refused: FieldError[] } | { session: SessionRecord; events: EventEnvelope[] }> {
    type Outcome = { rejection: LoginRejection } | { refused: FieldError[] } | { session: SessionRecord };
    const { result, events } = await this.store.transact(async (tx): Promise<Outcome> => {
      await tx.streamVersion(streamId.identity(input.identityId));
      const credentials = await this.credentials.credentialMap(input.identityId, tx);
      const verdict = await input.credential.verify(credentials, { flow, identityId: input.identityId, now: input.now });
      const command = { type: 'SubmitSecondFactor' as const, now: input.now, flowId: flow.id, identityId: input.identityId, sessionId: input.sessionId, method: input.method, verified: 'used' in verdict };
      const decision = decide(command, flow);
      if (!Array.isArray(decision)) return { rejection: decision };
      const stream = streamId.loginFlow(flow.id);
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: input.identityId, events: decision });
      if ('refused' in verdict) return { refused: verdict.refused };
      await appendChange(tx, input.identityId, verdict.used, input.now);
      const session = await this.sessions.raise(tx, { sessionId: input.sessionId, method: input.method, now: input.now });
      if (!session) throw new RefreshedSessionGoneError();
      const completed = decision.reduce(evolve, flow);
      if (!completed || !(await this.flows.complete(tx, completed))) throw new LoginFlowCompletedError();
      return { session };
    });
    return 'session' in result ? { session: result.session, events } : result;
  }

  /** PasswordHashUpgraded with the new hash sealed, only while the identity still has the hash the login checked
   * (the identity's stream lock first: a password change committed since then wins, and no upgrade undoes it). */
  private async upgradeHash(tx: EventStoreTransaction, u: { identityId: string; flowId: string; from: string; to: string; now: Date }): Promise<void> {
    const stream = streamId.identity(u.identityId);
    const version = await tx.streamVersion(stream);
    const [current] = (await this.credentials.credentialsOf(u.identityId, tx)).filter((c) => c.type === 'password');
    if (current?.config.hashed_password !== u.from) return;
    const data: PasswordHashUpgraded.V1.Data = { identity_id: u.identityId, flow_id: u.flowId, upgraded_at: u.now.toISOString() };
    const event = { type: PasswordHashUpgraded.V1.name, version: 1, data, ...credentialSecrets({ password: { ...current.config, hashed_password: u.to } }) };
    await tx.append({ streamId: stream, expectedVersion: version, subject: u.identityId, events: [event], occurredAt: u.now });
  }
}

/** A credential change a login makes (IdentityChange: events, configs sealed into the first) on the identity's
 * stream, at its version under the stream's lock. */
async function appendChange(tx: EventStoreTransaction, identityId: string, change: IdentityChange, now: Date): Promise<void> {
  const stream = streamId.identity(identityId);
  const events = change.events.map((e, i) => (i === 0 && change.configs ? { ...e, ...credentialSecrets(change.configs) } : e));
  await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events, occurredAt: now });
}
