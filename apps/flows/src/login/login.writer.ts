import { EventEnvelope, PasswordHashUpgraded, streamId } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction } from '@gatehouse/eventsourcing';
import { credentialSecrets } from '../identity/identity.state';
import { CredentialsRepository } from '../identity/credentials.repository';
import { FlowRepository } from '../persistence/flow.repository';
import { SessionRecord } from '../session/session.repository';
import { SessionService } from '../session/session.service';
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
    input: { now: Date; rehash?: { from: string; to: string } },
  ): Promise<{ session: SessionRecord; token?: string; events: EventEnvelope[] }> {
    const succeeded = events.find((e): e is Extract<LoginEvent, { type: 'LoginSucceeded' }> => e.type === 'LoginSucceeded');
    if (!succeeded) throw new Error('a successful login records LoginSucceeded');
    const { identity_id: identityId, session_id: sessionId, refresh } = succeeded.data;
    const { result, events: appended } = await this.store.transact(async (tx) => {
      const stream = streamId.loginFlow(flow.id);
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events });
      let issued: { session: SessionRecord; token?: string };
      if (refresh) {
        const session = await this.sessions.reauthenticate(tx, { sessionId, method: 'password', now: input.now });
        if (!session) throw new RefreshedSessionGoneError();
        issued = { session };
      } else {
        const { session, token } = await this.sessions.issue(tx, { sessionId, identityId, method: 'password', reason: 'login', now: input.now });
        issued = { session, token };
      }
      if (input.rehash) await this.upgradeHash(tx, { identityId, flowId: flow.id, ...input.rehash, now: input.now });
      const completed = events.reduce(evolve, flow);
      if (!completed || !(await this.flows.complete(tx, completed))) throw new LoginFlowCompletedError();
      return issued;
    });
    return { ...result, events: appended };
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
