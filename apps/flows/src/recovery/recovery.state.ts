import { RecoveryRequested, RecoverySucceeded } from '@gatehouse/contracts';
import type { ChallengeFlow } from '../flow/flow.types';

export type RecoveryMethod = 'code' | 'link';

/** A recovery flow between requests: choose_method → sent_email → passed_challenge (Kratos's states). */
export interface RecoveryFlow extends ChallengeFlow {
  /** The method in use once something was sent. */
  active?: RecoveryMethod;
  /** The address the last request named, known or not (the resend button carries it). */
  sentTo?: string;
  /** An administrator created the flow with its code or link: no CSRF check on the submit (as Kratos). */
  admin?: boolean;
  /** The settings flow a passed recovery continues with. */
  settingsFlowId?: string;
}

export type RecoveryState = RecoveryFlow | null;

export type RecoveryEvent =
  | { type: 'RecoveryRequested'; version: 1; data: RecoveryRequested.V1.Data }
  | { type: 'RecoverySucceeded'; version: 1; data: RecoverySucceeded.V1.Data };

export const initialState = (): RecoveryState => null;

/** What a request does to the flow, whether the address is known (an event) or not (no event): the answers
 * must not differ. */
export function requested(flow: RecoveryFlow, method: RecoveryMethod, address: string): RecoveryFlow {
  return { ...flow, state: 'sent_email', active: method, sentTo: address, ui: undefined };
}

export function evolve(state: RecoveryState, event: RecoveryEvent): RecoveryState {
  switch (event.type) {
    case 'RecoveryRequested':
      return state && requested(state, event.data.method, event.data.address);
    case 'RecoverySucceeded':
      return (
        state && { ...state, state: 'passed_challenge', active: event.data.method, identityId: event.data.identity_id, settingsFlowId: event.data.settings_flow_id, ui: undefined }
      );
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
