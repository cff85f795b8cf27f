import { CookieOptions, isHttps, serializeCookie } from '../http/cookies';

export const SESSION_COOKIE_SETTINGS = Symbol('SESSION_COOKIE_SETTINGS');

export interface SessionCookieSettings {
  name: string;
  domain?: string;
  path: string;
  sameSite: CookieOptions['sameSite'];
  /** session.cookie.persistent: Max-Age until the session expires; otherwise a browser-session cookie. */
  persistent: boolean;
  publicBaseUrl: string;
}

/** The session cookie (`ory_kratos_session` by default). Its value is the session token itself: 190 bits from
 * the CSPRNG, stored server-side only as a digest, so it needs no extra signing to be unguessable. */
export class SessionCookie {
  constructor(private readonly settings: SessionCookieSettings) {}

  get name(): string {
    return this.settings.name;
  }

  set(token: string, expiresAt: string, now: Date): string {
    const maxAge = this.settings.persistent ? (Date.parse(expiresAt) - now.getTime()) / 1000 : undefined;
    return serializeCookie(this.settings.name, token, { ...this.options(), maxAge });
  }

  clear(): string {
    return serializeCookie(this.settings.name, '', { ...this.options(), maxAge: 0 });
  }

  private options(): Omit<CookieOptions, 'maxAge'> {
    const { domain, path, sameSite, publicBaseUrl } = this.settings;
    return { path, ...(domain ? { domain } : {}), sameSite, secure: isHttps(publicBaseUrl) };
  }
}
