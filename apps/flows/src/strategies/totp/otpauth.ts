import type { IdentitySchema } from '../../schema/identity-schema';
import { traitFields } from '../../schema/identity-schema';
import { getPath } from '../../schema/traits';
import { base32Decode, OtpAlgorithm, TOTP_DEFAULTS } from './hotp';

/** A TOTP key as an otpauth:// URL carries it (Kratos stores the URL as the credential's `totp_url`). */
export interface TotpKey {
  issuer: string;
  accountName: string;
  /** base32, no padding */
  secret: string;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
}

/** The URL pquerna/otp's totp.Generate writes (kratos:selfservice/strategy/totp/generator.go):
 * `otpauth://totp/<issuer>:<account>?secret=…&algorithm=SHA1&digits=6&issuer=…&period=30`, the secret first (Google
 * Authenticator wants it there), the other parameters sorted, values escaped as Go's url.PathEscape and the path as
 * Go's url.URL.String does. */
export function totpUrl(key: Pick<TotpKey, 'issuer' | 'accountName' | 'secret'> & Partial<TotpKey>): string {
  const params: Array<[string, string]> = [
    ['secret', key.secret],
    ['algorithm', key.algorithm ?? TOTP_DEFAULTS.algorithm],
    ['digits', String(key.digits ?? TOTP_DEFAULTS.digits)],
    ['issuer', key.issuer],
    ['period', String(key.period ?? TOTP_DEFAULTS.period)],
  ];
  const query = params.map(([k, v]) => `${k}=${goEscape(v, true)}`).join('&');
  return `otpauth://totp/${goEscape(`${key.issuer}:${key.accountName}`, false)}?${query}`;
}

/** Reads a `totp_url` back; null when it is not an otpauth://totp URL with a base32 secret. Issuer and account name
 * as pquerna/otp's Key reads them (the `issuer` parameter first, else the label's prefix). */
export function parseTotpUrl(url: string): TotpKey | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'otpauth:' || parsed.host !== 'totp') return null;
  const q = parsed.searchParams;
  const secret = q.get('secret') ?? '';
  const bytes = base32Decode(secret);
  if (!bytes || bytes.length === 0) return null;
  const label = safeDecode(parsed.pathname.replace(/^\//, ''));
  const colon = label.indexOf(':');
  const algorithm = (q.get('algorithm') ?? TOTP_DEFAULTS.algorithm).toUpperCase();
  const digits = Number(q.get('digits') ?? TOTP_DEFAULTS.digits);
  const period = Number(q.get('period') ?? TOTP_DEFAULTS.period);
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') return null;
  if (!Number.isInteger(digits) || digits < 6 || digits > 10 || !Number.isInteger(period) || period <= 0) return null;
  return {
    issuer: q.get('issuer') || (colon >= 0 ? label.slice(0, colon) : ''),
    accountName: colon >= 0 ? label.slice(colon + 1) : label,
    secret,
    algorithm,
    digits,
    period,
  };
}

/** The issuer Kratos names in the URL: selfservice.methods.totp.config.issuer, else the public base URL's host name
 * (driver/config TOTPIssuer). */
export function totpIssuer(issuer: string | undefined, publicBaseUrl: string): string {
  return issuer ?? new URL(publicBaseUrl).hostname;
}

/** The account name Kratos puts in the URL (totp.SchemaExtension): the value of the last trait whose schema says
 * `"ory.sh/kratos": {"credentials": {"totp": {"account_name": true}}}`, else the identity's id. */
export function totpAccountName(schema: IdentitySchema, identity: { id: string; traits: Record<string, unknown> }): string {
  let name = identity.id;
  for (const field of traitFields(schema)) {
    const credentials = field.schema['ory.sh/kratos']?.credentials as { totp?: { account_name?: boolean } } | undefined;
    if (!credentials?.totp?.account_name) continue;
    const value = getPath(identity.traits, field.path);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') name = String(value);
  }
  return name;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Go's net/url escaping: unreserved characters stay, and so do the reserved ones a path keeps (`$&+,/:;=@`; a path
 * segment escapes `/ ; ,` too); everything else is %XX of its UTF-8 bytes. */
function goEscape(s: string, segment: boolean): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    const keep = /[A-Za-z0-9\-_.~]/.test(c) || (segment ? '$&+:=@' : '$&+,/:;=@').includes(c);
    out += keep ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
