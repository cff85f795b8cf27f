import { CredentialsRemoved, IdentityCreated, IdentityDeleted, IdentityStateChanged, IdentityUpdated } from '@gatehouse/contracts';
import { omit } from './omit';

/** What the admin decider knows of an identity: exactly what its events say (no secret, no timestamps). */
export type IdentityFacts = Omit<IdentityCreated.V1.Data, 'actor' | 'import_id'>;

/** null: no such identity (never created, or deleted). */
export type AdminIdentityState = IdentityFacts | null;

export type AdminIdentityEvent =
  | { type: 'IdentityCreated'; version: 1; data: IdentityCreated.V1.Data }
  | { type: 'IdentityUpdated'; version: 1; data: IdentityUpdated.V1.Data }
  | { type: 'IdentityStateChanged'; version: 1; data: IdentityStateChanged.V1.Data }
  | { type: 'IdentityDeleted'; version: 1; data: IdentityDeleted.V1.Data }
  | { type: 'CredentialsRemoved'; version: 1; data: CredentialsRemoved.V1.Data };

export const initialState = (): AdminIdentityState => null;

export function evolve(state: AdminIdentityState, event: AdminIdentityEvent): AdminIdentityState {
  switch (event.type) {
    case 'IdentityCreated':
      return omit(event.data, 'actor', 'import_id');
    case 'IdentityUpdated':
      return state && { ...omit(event.data, 'actor', 'changed'), state: state.state };
    case 'IdentityStateChanged':
      return state && { ...state, state: event.data.state };
    case 'IdentityDeleted':
      return null;
    case 'CredentialsRemoved': {
      if (!state) return state;
      const { [event.data.type]: removed, ...others } = state.credentials;
      const remaining = event.data.remaining_identifiers;
      return { ...state, credentials: removed && remaining.length > 0 ? { ...others, [event.data.type]: { ...removed, identifiers: remaining } } : others };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
