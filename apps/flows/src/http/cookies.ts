/** Cookie attributes as Kratos sets them (HttpOnly always; Secure when the public URL is https). */
export interface CookieOptions {
  path: string;
  domain?: string;
  sameSite: 'Lax' | 'Strict' | 'None';
  secure: boolean;
  /** Seconds; 0 deletes the cookie; undefined makes a session cookie. */
  maxAge?: number;
}

/** The cookies of a Cookie header (first value wins for a repeated name, as Go's r.Cookie does). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (name in out) continue;
    let value = part.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** A Set-Cookie header value. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path}`];
  if (o.domain) parts.push(`Domain=${o.domain}`);
  if (o.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAge))}`);
    if (o.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  parts.push(`SameSite=${o.sameSite}`);
  return parts.join('; ');
}

/** Kratos sets Secure unless it runs in dev mode; here: whenever the public base URL is https. */
export function isHttps(url: string): boolean {
  return url.toLowerCase().startsWith('https:');
}
