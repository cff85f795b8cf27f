/** Which service answers a request under /admin/identities (the path already carries the /admin prefix).
 * flows records every change and owns sessions, credential secrets and the event history; the identity
 * service owns the read model the listings and lookups come from. */
export type IdentityTarget = { service: 'identity' } | { service: 'flows'; write: boolean };

const SESSIONS_OR_EVENTS = /^\/admin\/identities\/[^/]+\/(sessions|events)\/?$/;
const ONE_IDENTITY = /^\/admin\/identities\/[^/]+\/?$/;

export function identityTarget(method: string, url: string): IdentityTarget {
  const [path, query = ''] = url.split('?', 2);
  if (SESSIONS_OR_EVENTS.test(path)) return { service: 'flows', write: false };
  if (method !== 'GET' && method !== 'HEAD') return { service: 'flows', write: true };
  // credential configs (password hashes) never leave the write side: a GET that asks for them is answered there
  if (ONE_IDENTITY.test(path) && new URLSearchParams(query).has('include_credential')) return { service: 'flows', write: false };
  return { service: 'identity' };
}
