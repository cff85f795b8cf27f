import { UiText } from '@gatehouse/contracts';
import type { StoredFlow } from '../flow/flow.types';

/** A settings flow: it belongs to one identity, shows its form and is `success` after a saved change. */
export interface SettingsFlow extends StoredFlow {
  state: 'show_form' | 'success';
  identityId: string;
  /** The method last submitted (Kratos's `active`). */
  active?: string;
}

export type SettingsState = SettingsFlow | null;

/** What a settings submit records on the identity's stream: the events its method's strategy made (PasswordChanged,
 * TraitsChanged, FactorAdded, FactorRemoved), then the verification and security notice they call for. */
export interface SettingsEvent {
  type: string;
  version: number;
  data: Record<string, unknown>;
}

export const initialState = (): SettingsState => null;

/** Any recorded change completes the flow (it can be submitted again, as in Kratos); what the last refusal left goes. */
export function evolve(state: SettingsState, _event: SettingsEvent): SettingsState {
  return state && { ...state, state: 'success', ui: undefined };
}

/** A new settings flow for an identity (also what a passed recovery continues with). Pure. */
export function newSettingsFlow(input: {
  id: string;
  type: StoredFlow['type'];
  identityId: string;
  schemaId: string;
  now: Date;
  lifespanMs: number;
  requestUrl: string;
  returnTo?: string;
  csrfDigest?: string;
  form?: UiText[];
}): SettingsFlow {
  return {
    id: input.id,
    type: input.type,
    schemaId: input.schemaId,
    issuedAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + input.lifespanMs).toISOString(),
    requestUrl: input.requestUrl,
    ...(input.returnTo ? { returnTo: input.returnTo } : {}),
    ...(input.csrfDigest ? { csrfDigest: input.csrfDigest } : {}),
    ...(input.form ? { ui: { form: input.form } } : {}),
    state: 'show_form',
    identityId: input.identityId,
  };
}
