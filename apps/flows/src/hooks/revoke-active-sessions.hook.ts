import { SessionRevoked } from '@gatehouse/contracts';
import { SessionService } from '../session/session.service';
import { AfterContexts, FlowHook, Hook } from './hook';

/** `revoke_active_sessions` (kratos:selfservice/hook/session_destroyer.go): the identity's other sessions end, all
 * but the one the flow signed in with. After a login and a password change (settings) they are revoked once the
 * flow's outcome is recorded (SessionRevoked reason login or settings); a recovery revokes them in its own
 * transaction, before it issues the new session (reason recovery). */
export class RevokeActiveSessionsHook implements Hook {
  readonly name = 'revoke_active_sessions';
  readonly login: FlowHook<AfterContexts['login']> = {
    postPersist: async ({ session }) => {
      if (session) await this.revokeOthers(session.identityId, session.id, 'login');
    },
  };
  readonly settings: FlowHook<AfterContexts['settings']> = {
    postPersist: ({ flow, sessionId }) => this.revokeOthers(flow.identityId, sessionId, 'settings'),
  };
  readonly recovery: FlowHook<AfterContexts['recovery']> = {
    prePersist(ctx) {
      ctx.revokeSessions = true;
      return undefined;
    },
  };

  constructor(private readonly sessions: SessionService) {}

  private async revokeOthers(identityId: string, keep: string, reason: SessionRevoked.V1.Data['reason']): Promise<void> {
    const others = (await this.sessions.listActive(identityId)).filter((s) => s.id !== keep).map((s) => s.id);
    if (others.length > 0) await this.sessions.revoke(identityId, others, reason);
  }
}
