import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC a one-time password is computed with (RFC 6238 allows SHA-1, SHA-256 and SHA-512). */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface OtpOptions {
  digits: number;
  algorithm: OtpAlgorithm;
}

/** Authenticator apps' defaults, and what Kratos generates and validates (pquerna/otp's totp.Validate). */
export const TOTP_DEFAULTS = { digits: 6, algorithm: 'SHA1', period: 30 } as const;

const HMAC: Record<OtpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/** RFC 4226 §5.3 dynamic truncation: 31 bits of the HMAC at the offset its last nibble names. */
export function dynamicTruncate(hmac: Buffer): number {
  const offset = hmac[hmac.length - 1] & 0x0f;
  return hmac.readUInt32BE(offset) & 0x7fffffff;
}

/** HOTP (RFC 4226): the code for a counter, as a zero-padded decimal string of `digits` digits. */
export function hotp(key: Buffer, counter: number | bigint, options: OtpOptions = TOTP_DEFAULTS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac(HMAC[options.algorithm], key).update(message).digest();
  return String(dynamicTruncate(hmac) % 10 ** options.digits).padStart(options.digits, '0');
}

/** The RFC 6238 time step a moment falls in (T0 = 0). */
export function timeStep(at: Date, period: number = TOTP_DEFAULTS.period): number {
  return Math.floor(at.getTime() / 1000 / period);
}

/** TOTP (RFC 6238): the HOTP of the moment's time step. */
export function totp(key: Buffer, at: Date, options: OtpOptions & { period: number } = TOTP_DEFAULTS): string {
  return hotp(key, timeStep(at, options.period), options);
}

/** The time step within `skew` steps of `at` whose code is `code` (the current step first, then +1, -1, … as
 * pquerna/otp tries them) among the steps `acceptable` admits; null when none. Codes compare in constant time. */
export function matchTotp(
  key: Buffer,
  code: string,
  at: Date,
  options: OtpOptions & { period: number; skew: number; acceptable?: (step: number) => boolean },
): number | null {
  const current = timeStep(at, options.period);
  const steps = [current];
  for (let i = 1; i <= options.skew; i++) steps.push(current + i, current - i);
  const given = Buffer.from(code);
  for (const step of steps) {
    if (step < 0 || (options.acceptable && !options.acceptable(step))) continue;
    const expected = Buffer.from(hotp(key, step, options));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return step;
  }
  return null;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps and pquerna/otp write secrets. */
export function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 leniently as pquerna/otp does (surrounding spaces, lower case and padding are fine); null when
 * the text is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.trim().toUpperCase().replace(/=+$/, '');
  // a length of 1, 3 or 6 mod 8 can not be the end of any byte sequence
  if ([1, 3, 6].includes(clean.length % 8)) return null;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}
