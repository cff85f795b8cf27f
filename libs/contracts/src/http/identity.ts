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
  credentials?: Record<string, { type: string; identifiers: string[]; version: number; created_at: string; updated_at: string }>;
  created_at: string;
  updated_at: string;
  organization_id: null;
}

/** `<public base url>/schemas/<base64url-no-pad(schema id)>`, as Kratos builds schema_url. */
export function schemaUrl(publicBaseUrl: string, schemaId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/schemas/${Buffer.from(schemaId).toString('base64url')}`;
}
