import type { Decider } from '@gatehouse/eventsourcing';
import { LoginCommand } from './login.commands';
import { LoginRejection } from './login.errors';
import { LoginEvent, LoginState, evolve, initialState } from './login.state';

/** Pure: a password login attempt either succeeds (LoginSucceeded), fails (LoginFailed, with the same answer
 * for an unknown identifier and a wrong password), or is refused because of the flow itself.
 * A success on a refresh flow re-authenticates the session the request carries when it belongs to the identity
 * that logged in (`refresh: true`, that session's id); on another identity's session, as without one, it starts a
 * fresh session, as Kratos's updateLoginFlow does ("we re-authenticate as another user"). */
export function decide(command: LoginCommand, flow: LoginState): LoginEvent[] | LoginRejection {
  switch (command.type) {
    case 'SubmitPasswordLogin': {
      if (!flow || flow.id !== command.flowId) return { reason: 'flow_not_found' };
      if (flow.state === 'passed_challenge') return { reason: 'flow_completed' };
      if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
      const { identity } = command;
      const method = command.method ?? 'password';
      if (!identity || !command.passwordMatches) {
        return [{ type: 'LoginFailed', version: 1, data: { flow_id: flow.id, ...(identity ? { identity_id: identity.id } : {}), method, reason: 'invalid_credentials' } }];
      }
      if (identity.state !== 'active') {
        return [{ type: 'LoginFailed', version: 1, data: { flow_id: flow.id, identity_id: identity.id, method, reason: 'identity_inactive' } }];
      }
      const refreshed = flow.refresh && command.refreshing?.identityId === identity.id ? command.refreshing : undefined;
      const data = { flow_id: flow.id, identity_id: identity.id, session_id: refreshed?.sessionId ?? command.sessionId, method, refresh: refreshed !== undefined };
      return [{ type: 'LoginSucceeded', version: 1, data }];
    }
    case 'SubmitSecondFactor': {
      if (!flow || flow.id !== command.flowId || flow.requestedAal !== 'aal2') return { reason: 'flow_not_found' };
      if (flow.state === 'passed_challenge') return { reason: 'flow_completed' };
      if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
      const base = { flow_id: flow.id, identity_id: command.identityId, method: command.method };
      if (!command.verified) return [{ type: 'LoginFailed', version: 1, data: { ...base, reason: 'invalid_credentials' } }];
      return [{ type: 'LoginSucceeded', version: 1, data: { ...base, session_id: command.sessionId, refresh: false } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

export const loginDecider: Decider<LoginState, LoginCommand, LoginEvent, LoginRejection> = { initialState, evolve, decide };
