/** Kratos's identity JSON (admin view when credentials/metadata_admin are included). */
export interface VerifiableAddressView {
  id: string;
  value: string;
  verified: boolean;
  via: 'email' | 'sms';
  status: 'pending' | 'sent' | 'completed';
  verified_at?: string;
  created_at: string;
  updated_at: string;
}

export interface RecoveryAddressView {
  id: string;
  value: string;
  via: 'email' | 'sms';
  created_at: string;
  updated_at: string;
}

export interface IdentityView {
  id: string;
  schema_id: string;
  schema_url: string;
  state: 'active' | 'inactive';
  state_changed_at: string;
  traits: Record<string, unknown>;
  verifiable_addresses: VerifiableAddressView[];
  recovery_addresses: RecoveryAddressView[];
  metadata_public: unknown;
  metadata_admin?: unknown;
  /** Admin views only. `config` only for the types named by `include_credential` (password: `{hashed_password}`). */
  credentials?: Record<string, CredentialView>;
  /** Kratos omits it when empty. */
  external_id?: string;
  created_at: string;
  updated_at: string;
  organization_id: null;
}

export interface CredentialView {
  type: string;
  identifiers: string[];
  version: number;
  created_at: string;
  updated_at: string;
  config?: Record<string, unknown>;
}

/** An identity as a service keeps it (the read model's row, the write side's copy), ready to be shown. */
export interface IdentityDocument {
  id: string;
  schema_id: string;
  state: 'active' | 'inactive';
  state_changed_at: string;
  traits: Record<string, unknown>;
  verifiable_addresses: ReadonlyArray<Omit<VerifiableAddressView, 'verified_at'> & { verified_at?: string | null }>;
  recovery_addresses: readonly RecoveryAddressView[];
  metadata_public: unknown;
  metadata_admin: unknown;
  external_id?: string | null;
  /** With `config` only where the caller declassified it (include_credential). */
  credentials: readonly CredentialView[];
  created_at: string;
  updated_at: string;
}

/** Kratos's admin identity JSON: credentials by type, metadata_admin, `verified_at` and `external_id` only when
 * set. One builder for the read model's answers and the write side's. */
export function adminIdentityView(doc: IdentityDocument, publicBaseUrl: string): IdentityView {
  return {
    id: doc.id,
    schema_id: doc.schema_id,
    schema_url: schemaUrl(publicBaseUrl, doc.schema_id),
    state: doc.state,
    state_changed_at: doc.state_changed_at,
    traits: doc.traits,
    verifiable_addresses: doc.verifiable_addresses.map(verifiableAddressView),
    recovery_addresses: doc.recovery_addresses.map(recoveryAddressView),
    metadata_public: doc.metadata_public ?? null,
    metadata_admin: doc.metadata_admin ?? null,
    credentials: Object.fromEntries(
      doc.credentials.map((c) => [
        c.type,
        { type: c.type, identifiers: c.identifiers, version: c.version, created_at: c.created_at, updated_at: c.updated_at, ...(c.config ? { config: c.config } : {}) },
      ]),
    ),
    ...(doc.external_id ? { external_id: doc.external_id } : {}),
    created_at: doc.created_at,
    updated_at: doc.updated_at,
    organization_id: null,
  };
}

/** A verifiable address as the identity JSON shows it (`verified_at` only once verified). */
export function verifiableAddressView(a: IdentityDocument['verifiable_addresses'][number]): VerifiableAddressView {
  return { id: a.id, value: a.value, verified: a.verified, via: a.via, status: a.status, ...(a.verified_at ? { verified_at: a.verified_at } : {}), created_at: a.created_at, updated_at: a.updated_at };
}

export function recoveryAddressView(a: RecoveryAddressView): RecoveryAddressView {
  return { id: a.id, value: a.value, via: a.via, created_at: a.created_at, updated_at: a.updated_at };
}

/** `<public base url>/schemas/<base64url-no-pad(schema id)>`, as Kratos builds schema_url. */
export function schemaUrl(publicBaseUrl: string, schemaId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/schemas/${Buffer.from(schemaId).toString('base64url')}`;
}
