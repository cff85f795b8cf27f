import { IdentityDocument } from '@gatehouse/contracts';
import type { StoredEvent } from '@gatehouse/eventsourcing';

/** The secret part of a credential, by type (password: `{hashed_password}`; oidc: `{providers: [...]}`). */
export type CredentialConfigs = Record<string, Record<string, unknown>>;

/** The write side's identity: the document every service folds from the same events, plus the credential configs
 * that only the event store holds (sealed under the identity's data key, never on Kafka). */
export interface IdentityState {
  document: IdentityDocument.IdentityRow;
  configs: CredentialConfigs;
}

/** The sealed part of an identity event: the config of each credential type the event sets (replacing it). */
export interface IdentitySecrets {
  credentials?: CredentialConfigs;
}

/** The `secrets` of an event that sets credential configs. */
export function credentialSecrets(configs: CredentialConfigs): { secrets: Record<string, unknown> } {
  return { secrets: { credentials: configs } satisfies IdentitySecrets };
}

/** Pure. Folds one event of an identity stream (null: no identity, never was or deleted). The document changes
 * as it does in every read model (IdentityDocument.evolve); the configs an event carries replace those of their
 * types; a type that leaves the document takes its config along. A shredded event cannot be read and changes
 * nothing (its stream ends with the deletion). */
export function evolveIdentity(state: IdentityState | null, event: StoredEvent): IdentityState | null {
  if (event.shredded) return state;
  const before = state?.document ?? null;
  const document = IdentityDocument.evolve(before, event);
  if (document === null) return null;
  const set = (event.secrets as IdentitySecrets | undefined)?.credentials ?? {};
  if (document === before && Object.keys(set).length === 0) return state;
  const merged: CredentialConfigs = { ...(state?.configs ?? {}), ...set };
  return { document, configs: Object.fromEntries(document.credentials.map((c) => [c.type, merged[c.type] ?? {}])) };
}

/** The state a stream's events make. */
export function foldIdentity(events: readonly StoredEvent[], from: IdentityState | null = null): IdentityState | null {
  return events.reduce(evolveIdentity, from);
}
