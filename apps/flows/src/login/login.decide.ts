import { Decider } from '@gatehouse/eventsourcing';
import { LoginCommand } from './login.commands';
import { LoginRejection } from './login.errors';
import { LoginEvent, LoginState, evolve, initialState } from './login.state';

/** Pure: a password login attempt either succeeds (LoginSucceeded), fails (LoginFailed, with the same answer
 * for an unknown identifier and a wrong password), or is refused because of the flow itself. */
export function decide(command: LoginCommand, flow: LoginState): LoginEvent[] | LoginRejection {
  switch (command.type) {
    case 'SubmitPasswordLogin': {
      if (!flow || flow.id !== command.flowId) return { reason: 'flow_not_found' };
      if (flow.state === 'passed_challenge') return { reason: 'flow_completed' };
      if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
      const { identity } = command;
      const sameIdentity = command.refreshingIdentityId === undefined || command.refreshingIdentityId === identity?.id;
      if (!identity || !command.passwordMatches || !sameIdentity) {
        return [{ type: 'LoginFailed', version: 1, data: { flow_id: flow.id, ...(identity ? { identity_id: identity.id } : {}), method: 'password', reason: 'invalid_credentials' } }];
      }
      if (identity.state !== 'active') {
        return [{ type: 'LoginFailed', version: 1, data: { flow_id: flow.id, identity_id: identity.id, method: 'password', reason: 'identity_inactive' } }];
      }
      return [
        {
          type: 'LoginSucceeded',
          version: 1,
          data: { flow_id: flow.id, identity_id: identity.id, session_id: command.sessionId, method: 'password', refresh: flow.refresh },
        },
      ];
    }
    default: {
      const unreachable: never = command.type;
      return unreachable;
    }
  }
}

export const loginDecider: Decider<LoginState, LoginCommand, LoginEvent, LoginRejection> = { initialState, evolve, decide };
