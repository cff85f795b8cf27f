import { PasswordChanged, UiText } from '@gatehouse/contracts';
import type { StoredFlow } from '../flow/flow.types';

/** A settings flow: it belongs to one identity, shows its form and is `success` after a saved change. */
export interface SettingsFlow extends StoredFlow {
  state: 'show_form' | 'success';
  identityId: string;
}

export type SettingsState = SettingsFlow | null;

export type SettingsEvent = { type: 'PasswordChanged'; version: 1; data: PasswordChanged.V1.Data };

export const initialState = (): SettingsState => null;

export function evolve(state: SettingsState, event: SettingsEvent): SettingsState {
  switch (event.type) {
    case 'PasswordChanged':
      return state && { ...state, state: 'success', ui: undefined };
    default: {
      const unreachable: never = event.type;
      return unreachable;
    }
  }
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
