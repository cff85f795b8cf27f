import { LoginFailed, LoginSucceeded } from '@gatehouse/contracts';
import type { StoredFlow } from '../flow/flow.types';

/** A login flow between requests. Failed attempts leave it open; a success completes it. */
export interface LoginFlow extends StoredFlow {
  state: 'choose_method' | 'passed_challenge';
  refresh: boolean;
  requestedAal: 'aal1' | 'aal2';
}

export type LoginState = LoginFlow | null;

export type LoginEvent =
  | { type: 'LoginSucceeded'; version: 1; data: LoginSucceeded.V1.Data }
  | { type: 'LoginFailed'; version: 1; data: LoginFailed.V1.Data };

export const initialState = (): LoginState => null;

export function evolve(state: LoginState, event: LoginEvent): LoginState {
  switch (event.type) {
    case 'LoginSucceeded':
      return state && { ...state, state: 'passed_challenge', identityId: event.data.identity_id };
    case 'LoginFailed':
      return state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
