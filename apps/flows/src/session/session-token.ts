import type { FastifyRequest } from 'fastify';
import { parseCookies } from '../http/cookies';

/** Kratos's default session cookie name (session.cookie.name). */
export const SESSION_COOKIE = 'ory_kratos_session';

/** The session token of a request, looked up as Kratos does: X-Session-Token, then the session cookie,
 * then `Authorization: Bearer`. */
export function sessionTokenOf(req: FastifyRequest, cookieName = SESSION_COOKIE): string | undefined {
  const header = req.headers['x-session-token'];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = parseCookies(req.headers.cookie)[cookieName];
  if (cookie) return cookie;
  const auth = req.headers.authorization;
  const match = typeof auth === 'string' ? /^bearer\s+(.+)$/i.exec(auth) : null;
  return match?.[1]?.trim() || undefined;
}
