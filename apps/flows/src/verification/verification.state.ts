import { AddressVerified, VerificationRequested } from '@gatehouse/contracts';
import type { ChallengeFlow } from '../flow/flow.types';

export type VerificationMethod = 'code' | 'link';

/** A verification flow between requests: choose_method → sent_email → passed_challenge (Kratos's states). */
export interface VerificationFlow extends ChallengeFlow {
  /** The method in use once something was sent. */
  active?: VerificationMethod;
  /** The address the last request named, known or not (the resend button carries it). */
  sentTo?: string;
}

export type VerificationState = VerificationFlow | null;

export type VerificationEvent =
  | { type: 'VerificationRequested'; version: 1; data: VerificationRequested.V1.Data }
  | { type: 'AddressVerified'; version: 1; data: AddressVerified.V1.Data };

export const initialState = (): VerificationState => null;

/** What a request does to the flow, whether the address is known (an event) or not (no event): the answers
 * must not differ. */
export function requested(flow: VerificationFlow, method: VerificationMethod, address: string): VerificationFlow {
  return { ...flow, state: 'sent_email', active: method, sentTo: address, ui: undefined };
}

export function evolve(state: VerificationState, event: VerificationEvent): VerificationState {
  switch (event.type) {
    case 'VerificationRequested':
      return state && requested(state, event.data.method, event.data.address);
    case 'AddressVerified':
      return state && { ...state, state: 'passed_challenge', active: event.data.method, identityId: event.data.identity_id, ui: undefined };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
