/** A minimal cookie jar for HTTP tests against one host: keeps what Set-Cookie sets (Max-Age=0 or a past
 * Expires deletes), sends it back as a Cookie header, and never follows redirects (tests assert them). */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; attributes: string[] }>();

  /** Records the Set-Cookie headers of a response. */
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const maxAge = attributes.find((a) => a.toLowerCase().startsWith('max-age='));
      const deleted = (maxAge !== undefined && Number(maxAge.slice(8)) <= 0) || value === '';
      if (deleted) this.cookies.delete(name);
      else this.cookies.set(name, { value, attributes });
    }
  }

  get(name: string): string | undefined {
    const c = this.cookies.get(name);
    return c && decodeURIComponent(c.value);
  }

  /** The attributes Set-Cookie gave a cookie (HttpOnly, SameSite=Lax, Path=/, …). */
  attributes(name: string): string[] {
    return this.cookies.get(name)?.attributes ?? [];
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }

  set(name: string, value: string): void {
    this.cookies.set(name, { value: encodeURIComponent(value), attributes: [] });
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }

  header(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v.value}`).join('; ');
  }

  /** fetch with this jar's cookies, storing the answer's cookies; redirects are returned, not followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', this.header());
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res);
    return res;
  }
}
