/**
 * The one identifier normalisation of Gatehouse: flows stores and looks identifiers up with it (registration,
 * login, admin create and import through the `ory.sh/kratos` extension in schema/traits.ts, recovery and
 * verification), and identity's admin list filter (`credentials_identifier`) matches with it.
 * The rules are Ory Kratos v26.2.0's:
 *
 * - credential identifiers, by credential type (persistence/sql/identity/persister_identity.go
 *   `NormalizeIdentifier`, applied when credentials are stored and when a login looks one up; and
 *   identity/extension_credentials.go lower-cases what the schema marks as an identifier): `password`, `code`
 *   and `webauthn` identifiers are trimmed and lower-cased whatever the trait's format, so a username
 *   `Bob@Home` is stored as `bob@home` and logs in as `Bob@Home` or `BOB@HOME`; `oidc`, `saml`, `totp` and
 *   `lookup_secret` identifiers are case-sensitive and kept exactly as given;
 * - verifiable addresses (identity/extension_verification.go): trimmed, and lower-cased when the trait's
 *   format is `email` (a trait verified via email without a format counts as `email`);
 * - recovery addresses (identity/extension_recovery.go): trimmed, and lower-cased when recovered via email;
 * - the address a recovery or verification submission names (`FindRecoveryAddressByValue`,
 *   `FindVerifiableAddressByValue`): trimmed and lower-cased.
 */
export type IdentifierUse =
  | 'password'
  | 'code'
  | 'webauthn'
  | 'oidc'
  | 'saml'
  | 'totp'
  | 'lookup_secret'
  | 'verifiable_address'
  | 'recovery_address'
  | 'address_lookup';

/** What an address's trait says about it: its JSON Schema `format` and the channel of the extension. */
export interface AddressTrait {
  format?: string;
  via?: 'email' | 'sms';
}

export function normalizeIdentifier(value: string, use: IdentifierUse, trait: AddressTrait = {}): string {
  switch (use) {
    case 'password':
    case 'code':
    case 'webauthn':
    case 'address_lookup':
      return lowerTrim(value);
    case 'verifiable_address':
      return (trait.format || (trait.via === 'email' ? 'email' : '')) === 'email' ? lowerTrim(value) : value.trim();
    case 'recovery_address':
      return trait.via === 'email' ? lowerTrim(value) : value.trim();
    case 'oidc':
    case 'saml':
    case 'totp':
    case 'lookup_secret':
      return value;
  }
}

const lowerTrim = (value: string): string => value.trim().toLowerCase();
