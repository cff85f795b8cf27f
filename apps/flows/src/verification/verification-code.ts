import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sealCode } from '@gatehouse/contracts';

/** A 6-digit one-time code from the CSPRNG. */
export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Codes are stored as an HMAC bound to their flow, never in plaintext. */
export function codeDigest(code: string, flowId: string, secret: string): string {
  return createHmac('sha256', secret).update(`${flowId}:${code}`).digest('base64url');
}

export function codeMatches(code: string, flowId: string, digest: string, secret: string): boolean {
  const a = Buffer.from(codeDigest(code, flowId, secret));
  const b = Buffer.from(digest);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface IssuedCode {
  digest: string;
  sealed: string;
}

/** Issues a code for a flow: the digest stays in Postgres, the sealed copy travels to the notifier. */
export function issueCode(flowId: string, secrets: { cipher: readonly string[]; default: readonly string[] }): IssuedCode {
  const code = newCode();
  return { digest: codeDigest(code, flowId, secrets.default[0]), sealed: sealCode(code, secrets.cipher) };
}

/** A link token: 256 bits from the CSPRNG, base64url (it travels in the mail's URL). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Issues a link token for a flow, stored and sealed exactly like a code. */
export function issueToken(flowId: string, secrets: { cipher: readonly string[]; default: readonly string[] }): IssuedCode {
  const token = newToken();
  return { digest: codeDigest(token, flowId, secrets.default[0]), sealed: sealCode(token, secrets.cipher) };
}
