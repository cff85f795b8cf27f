import { createHash, timingSafeEqual } from 'node:crypto';

/** The secret part (`config`) of each credential type beside password and oidc, as the event store keeps it sealed
 * and identity_credentials projects it. The one place these shapes are written down. */

/** totp: Kratos's `{totp_url}` (otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=…), plus Gatehouse's
 * replay guard: the last time step a code was accepted for (a code of that step or an earlier one is refused). */
export interface TotpConfig {
  totp_url: string;
  last_step?: number;
}

/** lookup_secret: the recovery codes, each stored as a digest (`sha256:<hex>` of salt + code) and usable once. */
export interface LookupSecretConfig {
  /** base64url, per credential */
  salt: string;
  codes: Array<{ digest: string; used_at?: string }>;
}

/** One WebAuthn or passkey key (Kratos's identity.CredentialWebAuthn, in base64url). */
export interface WebAuthnKey {
  id: string;
  public_key: string;
  sign_count: number;
  aaguid?: string;
  transports?: string[];
  attestation_type?: string;
  display_name: string;
  added_at: string;
  is_passwordless: boolean;
}

/** webauthn (a second factor) and passkey (a passwordless first factor): the keys and the WebAuthn user handle
 * (base64url) they were registered for. */
export interface WebAuthnConfig {
  credentials: WebAuthnKey[];
  user_handle: string;
}

/** The digest a lookup code is stored as: case-insensitive, spaces ignored (as people type them). */
export function lookupCodeDigest(salt: string, code: string): string {
  const normalized = code.replace(/\s+/g, '').toLowerCase();
  return `sha256:${createHash('sha256').update(Buffer.from(salt, 'base64url')).update(normalized).digest('hex')}`;
}

/** Constant-time comparison of two digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
