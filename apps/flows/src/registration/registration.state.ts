import { IdentityRegistered } from '@gatehouse/contracts';
import type { StoredFlow } from '../flow/flow.types';

/** A registration flow as the decider sees it; the flows table keeps this state between requests. */
export interface RegistrationFlow extends StoredFlow {
  state: 'choose_method' | 'passed_challenge';
  /** profile_first style: which of the two screens the flow shows. */
  step?: 'profile' | 'credentials';
}

export type RegistrationState = RegistrationFlow | null;

export type RegistrationEvent = { type: 'IdentityRegistered'; version: 1; data: IdentityRegistered.V1.Data };

export const initialState = (): RegistrationState => null;

/** A successful registration passes the flow's challenge; nothing else changes a registration flow. */
export function evolve(state: RegistrationState, event: RegistrationEvent): RegistrationState {
  switch (event.type) {
    case 'IdentityRegistered':
      return state && { ...state, state: 'passed_challenge', identityId: event.data.identity_id };
    default: {
      const unreachable: never = event.type;
      return unreachable;
    }
  }
}
