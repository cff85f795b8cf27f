/** The identity read model as one document: the identity row plus its child rows.
 * Timestamps are ISO-8601 strings in UTC with milliseconds (what timestamptz gives back). */
export interface IdentityRow {
  id: string;
  schema_id: string;
  state: 'active' | 'inactive';
  state_changed_at: string;
  traits: Record<string, unknown>;
  metadata_public: unknown;
  metadata_admin: unknown;
  /** Kratos's external_id: set by admin create/update, unique where set. */
  external_id: string | null;
  created_at: string;
  updated_at: string;
  last_event_id: string;
  version: number;
  verifiable_addresses: VerifiableAddressRow[];
  recovery_addresses: RecoveryAddressRow[];
  credentials: CredentialRow[];
}

export interface VerifiableAddressRow {
  id: string;
  identity_id: string;
  value: string;
  via: 'email' | 'sms';
  verified: boolean;
  status: 'pending' | 'sent' | 'completed';
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryAddressRow {
  id: string;
  identity_id: string;
  value: string;
  via: 'email' | 'sms';
  created_at: string;
  updated_at: string;
}

export interface CredentialRow {
  identity_id: string;
  type: string;
  identifiers: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

/** The child collections of a document, each replaced as a whole when it changes. */
export const CHILD_KINDS = ['verifiable_addresses', 'recovery_addresses', 'credentials'] as const;
export type ChildKind = (typeof CHILD_KINDS)[number];

/** An event time as the read model stores it: UTC, milliseconds. */
export function utc(time: string): string {
  return new Date(time).toISOString();
}

/** One row per (via, value) and per id, first one wins: the table's unique keys must never reject a valid event. */
export function uniqueAddresses<A extends { id: string; value: string; via: string }>(addresses: readonly A[]): A[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const keys = [`id:${a.id}`, `addr:${a.via}:${a.value}`];
    if (keys.some((k) => seen.has(k))) return false;
    keys.forEach((k) => seen.add(k));
    return true;
  });
}
