import { EventEnvelope, streamId } from '@gatehouse/contracts';
import { EventStore } from '@gatehouse/eventsourcing';
import { CredentialsRepository } from '../persistence/credentials.repository';
import { FlowRepository } from '../persistence/flow.repository';
import { SessionRecord } from '../session/session.repository';
import { IssuedSession, SessionService } from '../session/session.service';
import { LoginEvent, LoginFlow, evolve } from './login.state';

export class LoginFlowCompletedError extends Error {}

/** Records a decided login attempt in one transaction: the login event, and on success the session
 * (SessionIssued), the completed flow and an upgraded password hash when one is due. */
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

  async succeeded(
    flow: LoginFlow,
    events: LoginEvent[],
    input: { sessionId: string; identityId: string; now: Date; refresh?: SessionRecord; rehash?: { from: string; to: string } },
  ): Promise<{ issued: IssuedSession; events: EventEnvelope[] }> {
    const { result, events: appended } = await this.store.transact(async (tx) => {
      const stream = streamId.loginFlow(flow.id);
      await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: input.identityId, events });
      const issued = await this.sessions.issue(tx, {
        sessionId: input.sessionId,
        identityId: input.identityId,
        method: 'password',
        reason: input.refresh ? 'refresh' : 'login',
        now: input.now,
        refresh: input.refresh,
      });
      if (input.rehash) await this.credentials.updatePasswordHash(tx, input.identityId, input.rehash.to, input.now, input.rehash.from);
      const completed = events.reduce(evolve, flow);
      if (!completed || !(await this.flows.complete(tx, completed))) throw new LoginFlowCompletedError();
      return issued;
    });
    return { issued: result, events: appended };
  }
}
