import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorIds, KratosError } from '@gatehouse/contracts';
import { Client } from '../http/client';
import { CookieOptions, isHttps, serializeCookie } from '../http/cookies';

export const CSRF_SETTINGS = Symbol('CSRF_SETTINGS');

export interface CsrfSettings {
  publicBaseUrl: string;
  /** secrets.cookie, else secrets.default: the first entry signs, every entry verifies. */
  secrets: string[];
  cookie: Pick<CookieOptions, 'path' | 'domain'>;
}

/** nosurf's cookie lifetime (365 days). */
const MAX_AGE = 365 * 24 * 60 * 60;
const TOKEN_BYTES = 32;

/** Kratos's CSRF model (nosurf): the cookie holds a random 32-byte token (base64); forms carry it one-time-pad
 * masked (64 bytes, base64: key ‖ key⊕token), so the value changes on every render. A browser flow keeps only
 * an HMAC of the token (never the token), which binds the flow to the browser that created it. */
export class Csrf {
  readonly cookieName: string;

  constructor(private readonly settings: CsrfSettings) {
    this.cookieName = `csrf_token_${createHash('sha256').update(settings.publicBaseUrl).digest('hex')}`;
  }

  /** The browser's CSRF token, creating one (and its Set-Cookie) when the request has no valid cookie. */
  ensure(client: Client): { token: string; digest: string; masked: string; setCookie?: string } {
    const existing = this.tokenOf(client);
    const token = existing ?? randomBytes(TOKEN_BYTES).toString('base64');
    const setCookie = existing
      ? undefined
      : serializeCookie(this.cookieName, token, { ...this.settings.cookie, sameSite: 'Lax', secure: isHttps(this.settings.publicBaseUrl), maxAge: MAX_AGE });
    return { token, digest: this.digest(token), masked: mask(token), ...(setCookie ? { setCookie } : {}) };
  }

  /** The masked token to render into a flow's csrf_token node, when the request carries the cookie. */
  maskedFor(client: Client): string | undefined {
    const token = this.tokenOf(client);
    return token ? mask(token) : undefined;
  }

  /** GET …/flows?id= of a browser flow: the request must carry the cookie the flow was created with. */
  verifyFetch(client: Client, flowDigest: string | undefined): void {
    const token = this.tokenOf(client);
    if (!token || !flowDigest || !this.matchesDigest(token, flowDigest)) throw this.violation(client, true);
  }

  /** A browser-flow submit: the body's csrf_token (or X-CSRF-Token) must unmask to the cookie's token, and the
   * cookie must be the one the flow was created with. */
  verifySubmit(client: Client, flowDigest: string | undefined, submitted: unknown): void {
    const token = this.tokenOf(client);
    const sent = typeof submitted === 'string' && submitted !== '' ? submitted : client.csrfHeader;
    const unmasked = sent ? unmask(sent) : undefined;
    const ok = token && unmasked && flowDigest && safeEqual(unmasked, Buffer.from(token, 'base64')) && this.matchesDigest(token, flowDigest);
    if (!ok) throw this.violation(client, sent !== undefined);
  }

  private tokenOf(client: Client): string | undefined {
    const value = client.cookies[this.cookieName];
    return value && Buffer.from(value, 'base64').length === TOKEN_BYTES ? value : undefined;
  }

  private digest(token: string, secret = this.settings.secrets[0]): string {
    return createHmac('sha256', secret).update(token).digest('base64url');
  }

  private matchesDigest(token: string, digest: string): boolean {
    return this.settings.secrets.some((s) => safeEqual(Buffer.from(this.digest(token, s)), Buffer.from(digest)));
  }

  /** Kratos's CSRFErrorReason: the same 403 with a hint and reject_reason telling what was missing. */
  private violation(client: Client, tokenSent: boolean): KratosError {
    const ajax = !client.hasOrigin;
    const hint = ajax ? AJAX_HINT : SERVER_HINT;
    let details: Record<string, string>;
    if (!client.hasCookieHeader) details = { hint, reject_reason: 'The HTTP Cookie Header is empty or not set.' };
    else if (client.cookies[this.cookieName] === undefined) details = { hint, reject_reason: 'The HTTP Cookie Header was set but did not include the anti-CSRF cookie.' };
    else if (!tokenSent) details = { hint: TOKEN_NOT_SENT };
    else details = { hint: AJAX_HINT, reject_reason: 'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.' };
    return KratosError.of(ErrorIds.ErrIDCSRF, { details: { docs: 'https://www.ory.sh/kratos/docs/debug/csrf', ...details } });
  }
}

const AJAX_HINT =
  "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded.";
const SERVER_HINT =
  "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";
const TOKEN_NOT_SENT = 'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).';

/** key ‖ (key ⊕ token), base64 (nosurf's maskToken). */
export function mask(token: string): string {
  const raw = Buffer.from(token, 'base64');
  const key = randomBytes(raw.length);
  const out = Buffer.alloc(raw.length * 2);
  key.copy(out);
  for (let i = 0; i < raw.length; i++) out[raw.length + i] = key[i] ^ raw[i];
  return out.toString('base64');
}

export function unmask(masked: string): Buffer | undefined {
  const data = Buffer.from(masked, 'base64');
  if (data.length !== TOKEN_BYTES * 2) return undefined;
  const out = Buffer.alloc(TOKEN_BYTES);
  for (let i = 0; i < TOKEN_BYTES; i++) out[i] = data[i] ^ data[TOKEN_BYTES + i];
  return out;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
