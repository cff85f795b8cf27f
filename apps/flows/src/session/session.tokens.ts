import { createHash, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** Kratos's token shapes: `ory_st_` (session) and `ory_lo_` (logout) plus 32 alphanumerics from the CSPRNG. */
export const newSessionToken = (): string => `ory_st_${randomAlphanumeric(32)}`;
export const newLogoutToken = (): string => `ory_lo_${randomAlphanumeric(32)}`;

/** Tokens are stored as SHA-256 digests: 190 bits of entropy need no slow hash, and a stolen table holds no token. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
