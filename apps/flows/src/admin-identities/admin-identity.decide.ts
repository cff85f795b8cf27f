import { Actor, IdentitiesImported } from '@gatehouse/contracts';
import type { Decider } from '@gatehouse/eventsourcing';
import { AdminIdentityCommand, RemoveCredential, UpdateIdentity } from './admin-identity.commands';
import { AdminIdentityRejection } from './admin-identity.errors';
import { AdminIdentityEvent, AdminIdentityState, IdentityFacts, evolve, initialState } from './admin-identity.state';
import { omit } from './omit';

/** Kratos's credential types (identity.CredentialsType). */
export const CREDENTIAL_TYPES = ['password', 'oidc', 'totp', 'lookup_secret', 'webauthn', 'code', 'passkey', 'profile', 'saml', 'deviceauthn', 'link_recovery', 'code_recovery'] as const;
/** Types whose credential goes whole (Kratos's deleteIdentityCredentials: lookup_secret, totp). */
const SECOND_FACTORS = new Set(['totp', 'lookup_secret']);
const FIRST_FACTORS = new Set(['password', 'oidc', 'saml']);
/** The fields of IdentityUpdated's `changed`, besides `credentials.<type>`. */
const FIELDS = ['schema_id', 'traits', 'metadata_public', 'metadata_admin', 'external_id', 'verifiable_addresses', 'recovery_addresses'] as const;

/** Pure: the events an admin command records, or why it is refused. Uniqueness of identifiers and external ids is
 * decided by the unique claims of the same transaction, not here. */
export function decide(command: AdminIdentityCommand, state: AdminIdentityState): AdminIdentityEvent[] | AdminIdentityRejection {
  switch (command.type) {
    case 'CreateIdentity':
      if (state) return { reason: 'exists' };
      return [{ type: 'IdentityCreated', version: 1, data: { ...command.identity, actor: command.actor, ...(command.importId ? { import_id: command.importId } : {}) } }];
    case 'UpdateIdentity':
      return state ? update(command, state) : { reason: 'not_found' };
    case 'DeleteIdentity':
      if (!state) return { reason: 'not_found' };
      return [{ type: 'IdentityDeleted', version: 1, data: { identity_id: state.identity_id, actor: command.actor } }];
    case 'RemoveCredential':
      return state ? removeCredential(command, state) : { reason: 'not_found' };
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

/** IdentityUpdated when anything but the state changed (naming the fields), IdentityStateChanged when the state
 * did; nothing for an update that changes nothing. */
function update(command: UpdateIdentity, state: IdentityFacts): AdminIdentityEvent[] {
  const next = command.identity;
  const changed: string[] = FIELDS.filter((f) => !sameJson(state[f], next[f]));
  const types = [...new Set([...Object.keys(state.credentials), ...Object.keys(next.credentials)])].sort();
  for (const t of types) {
    if (!sameJson(state.credentials[t], next.credentials[t]) || command.secretsChanged.includes(t as UpdateIdentity['secretsChanged'][number])) changed.push(`credentials.${t}`);
  }
  const events: AdminIdentityEvent[] = [];
  if (changed.length > 0) {
    events.push({ type: 'IdentityUpdated', version: 1, data: { ...omit(next, 'state'), identity_id: state.identity_id, changed, actor: command.actor } });
  }
  if (next.state !== state.state) {
    events.push({ type: 'IdentityStateChanged', version: 1, data: { identity_id: state.identity_id, state: next.state, previous_state: state.state, actor: command.actor } });
  }
  return events;
}

/** Kratos's deleteIdentityCredentials (identity/handler.go): a type the identity lacks is a 404 whatever it is;
 * totp and lookup_secret go whole; webauthn loses its second-factor keys (passwordless ones stay, and with none to
 * remove nothing changes); first factors (a password with a hash, each OIDC or SAML provider, passkeys, passwordless
 * WebAuthn keys) cannot all go; every other type (code, passkey, …) cannot be deleted. */
function removeCredential(command: RemoveCredential, state: IdentityFacts): AdminIdentityEvent[] | AdminIdentityRejection {
  const type = command.credentialType;
  const credential = Object.hasOwn(state.credentials, type) ? state.credentials[type] : undefined;
  if (!credential) return { reason: 'credential_not_set_up', credentialType: type };
  const removal = (removed: string[]): AdminIdentityEvent[] => {
    const remaining = credential.identifiers.filter((i) => !removed.includes(i));
    return [{ type: 'CredentialsRemoved', version: 1, data: { identity_id: state.identity_id, type, identifiers: removed, remaining_identifiers: remaining, actor: command.actor } }];
  };
  if (SECOND_FACTORS.has(type)) return removal(credential.identifiers);
  if (type === 'webauthn') {
    if (command.keys.webauthn.kept === 0) return removal(credential.identifiers);
    return command.keys.webauthn.removed === 0 ? [] : removal([]);
  }
  if (!FIRST_FACTORS.has(type)) return { reason: 'credential_not_removable', credentialType: type };
  const firstFactors =
    (command.passwordSet && state.credentials.password ? 1 : 0) + (state.credentials.oidc?.identifiers.length ?? 0) + (state.credentials.saml?.identifiers.length ?? 0) + command.keys.firstFactorKeys;
  if (firstFactors < 2) return { reason: 'last_first_factor' };
  if (type === 'password') return removal(credential.identifiers);
  if (!command.identifier) return { reason: 'identifier_required', credentialType: type };
  if (!credential.identifiers.includes(command.identifier)) return { reason: 'identifier_not_found', credentialType: type, identifier: command.identifier };
  return removal([command.identifier]);
}

/** The summary of one import batch: which identities it created, how many of its items were refused. */
export function importSummary(importId: string, identityIds: string[], failed: number, actor: Actor): { type: 'IdentitiesImported'; version: 1; data: IdentitiesImported.V1.Data } {
  return { type: 'IdentitiesImported', version: 1, data: { import_id: importId, identity_ids: identityIds, failed, actor } };
}

/** Deep equality of JSON values, ignoring key order (jsonb does not keep it); undefined equals null. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export const adminIdentityDecider: Decider<AdminIdentityState, AdminIdentityCommand, AdminIdentityEvent, AdminIdentityRejection> = {
  initialState,
  evolve,
  decide,
};
