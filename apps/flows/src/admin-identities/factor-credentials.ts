import { KratosError } from '@gatehouse/contracts';
import { LookupSecretConfig, TotpConfig, WebAuthnConfig, WebAuthnKey, lookupCodeDigest } from '../identity/credential-configs';
import { StoredCredential } from '../identity/credentials.repository';

/** The admin API's side of the credential types beside password and oidc (totp, lookup_secret, webauthn, passkey):
 * their import, what include_credential shows of them, and the facts about their keys a removal decides from.
 * Pure (digests are computed, salts are given). */

/** One lookup code as an import brings it (Kratos's RecoveryCode: `{code, used_at?}`), in the clear until hashed. */
export interface LookupCodeInput {
  code: string;
  used_at?: string;
}

const BASE32 = /^[A-Z2-7]+$/i;

/** Gatehouse's refusal of a totp_url that no authenticator could use (Kratos stores any string and fails at login). */
export const invalidTotpUrl = (): KratosError =>
  new KratosError(400, { reason: 'The imported TOTP URL is not valid: it must be an otpauth://totp/ URL with a base32 secret.' });

/** credentials.totp.config of an import: `{totp_url}`, an otpauth://totp/ URL whose `secret` is base32. */
export function parseTotpImport(config: Record<string, unknown>): { totpUrl: string } {
  const url = config.totp_url;
  if (typeof url !== 'string' || !isTotpUrl(url)) throw invalidTotpUrl();
  return { totpUrl: url };
}

/** Key URI format (google-authenticator wiki): otpauth://totp/<label>?secret=<base32>&…; the secret decodes as
 * pquerna/otp decodes it (case-insensitive, padding optional, a length base32 can have). */
export function isTotpUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'otpauth:' || url.hostname.toLowerCase() !== 'totp') return false;
  const secret = (url.searchParams.get('secret') ?? '').replace(/=+$/, '');
  return secret.length > 0 && BASE32.test(secret) && ![1, 3, 6].includes(secret.length % 8);
}

/** credentials.lookup_secret.config of an import: `{codes: [{code, used_at?}]}`. */
export function parseLookupImport(config: Record<string, unknown>): LookupCodeInput[] {
  if (!Array.isArray(config.codes)) throw KratosError.badRequest('credentials.lookup_secret.config.codes must be an array');
  return config.codes.map((c: unknown) => {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw KratosError.badRequest('a lookup secret code must be a JSON object');
    const { code, used_at } = c as Record<string, unknown>;
    if (typeof code !== 'string' || code.trim() === '') throw KratosError.badRequest('a lookup secret code needs a non-empty code');
    if (used_at === undefined || used_at === null) return { code };
    if (typeof used_at !== 'string' || Number.isNaN(Date.parse(used_at))) throw KratosError.badRequest('used_at of a lookup secret code must be a date-time');
    return { code, used_at: new Date(used_at).toISOString() };
  });
}

/** The lookup_secret config after an import: Kratos appends imported codes to those the identity has; here each is
 * kept as its digest under the credential's salt (an existing credential keeps its own). */
export function lookupSecretConfig(existing: Record<string, unknown> | undefined, salt: string, codes: readonly LookupCodeInput[]): LookupSecretConfig {
  const before = existing as Partial<LookupSecretConfig> | undefined;
  const useSalt = typeof before?.salt === 'string' ? before.salt : salt;
  const added = codes.map((c) => ({ digest: lookupCodeDigest(useSalt, c.code), ...(c.used_at ? { used_at: c.used_at } : {}) }));
  return { salt: useSalt, codes: [...(before?.codes ?? []), ...added] };
}

/** The totp config after an import: the URL given (the replay guard kept only when the URL is the same). */
export function totpConfig(existing: Record<string, unknown> | undefined, totpUrl: string): TotpConfig {
  return existing?.totp_url === totpUrl ? (existing as unknown as TotpConfig) : { totp_url: totpUrl };
}

/** What include_credential shows of these types: Kratos shows the whole config (identity.WithDeclassifiedCredentials);
 * here without what authenticates: totp `{}` (its URL holds the seed), lookup_secret `{recovery_codes: [{used_at}]}`
 * (no code), webauthn and passkey Kratos's CredentialsWebAuthnConfig (public data only; bytes in standard base64,
 * as Go encodes []byte). Other types (code, …): `{}`. */
export function declassifiedFactor(c: StoredCredential): Record<string, unknown> {
  switch (c.type) {
    case 'lookup_secret':
      return { recovery_codes: ((c.config as Partial<LookupSecretConfig>).codes ?? []).map((code) => ({ used_at: code.used_at ?? null })) };
    case 'webauthn':
    case 'passkey': {
      const config = c.config as Partial<WebAuthnConfig>;
      return { credentials: (config.credentials ?? []).map(keyView), user_handle: config.user_handle ? std(config.user_handle) : null };
    }
    default:
      return {};
  }
}

function keyView(k: WebAuthnKey): Record<string, unknown> {
  return {
    id: std(k.id),
    public_key: std(k.public_key),
    attestation_type: k.attestation_type ?? '',
    authenticator: { aaguid: k.aaguid ? std(k.aaguid) : null, sign_count: k.sign_count, clone_warning: false },
    display_name: k.display_name,
    added_at: k.added_at,
    is_passwordless: k.is_passwordless,
    ...(k.transports && k.transports.length > 0 ? { transport: k.transports } : {}),
  };
}

const std = (base64url: string): string => Buffer.from(base64url, 'base64url').toString('base64');

/** The facts about keys a credential removal decides from (events carry no config). */
export interface KeyFacts {
  /** Passkeys and passwordless WebAuthn keys of a credential with identifiers: first factors (Kratos's passkey and
   * webauthn CountActiveFirstFactorCredentials). */
  firstFactorKeys: number;
  /** WebAuthn keys a removal of webauthn keeps (the passwordless ones) and removes (the second factors). */
  webauthn: { kept: number; removed: number };
}

export function keyFactsOf(credentials: Partial<Record<string, StoredCredential>>): KeyFacts {
  const keys = (c: StoredCredential | undefined) => (c ? ((c.config as Partial<WebAuthnConfig>).credentials ?? []) : []);
  const identified = (c: StoredCredential | undefined) => !!c && c.identifiers.join('') !== '';
  const webauthn = keys(credentials.webauthn);
  const passwordless = webauthn.filter((k) => k.is_passwordless).length;
  return {
    firstFactorKeys: (identified(credentials.passkey) ? keys(credentials.passkey).length : 0) + (identified(credentials.webauthn) ? passwordless : 0),
    webauthn: { kept: passwordless, removed: webauthn.length - passwordless },
  };
}

/** A WebAuthn config without its second-factor keys (Kratos's deleteCredentialWebAuthFromIdentity). */
export function withoutSecondFactorKeys(config: Record<string, unknown>): Record<string, unknown> {
  const c = config as Partial<WebAuthnConfig>;
  return { ...config, credentials: (c.credentials ?? []).filter((k) => k.is_passwordless) };
}
