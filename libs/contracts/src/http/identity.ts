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

/** `<public base url>/schemas/<base64url-no-pad(schema id)>`, as Kratos builds schema_url. */
export function schemaUrl(publicBaseUrl: string, schemaId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/schemas/${Buffer.from(schemaId).toString('base64url')}`;
}
