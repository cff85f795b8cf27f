import type { FastifyInstance } from 'fastify';

export const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

/** Kratos's NoCacheNegroni (oryx/httprouterx/router.go), which both its servers run in front of every route: a GET
 * answer of any path and status (whoami and its 401, flows, errors, redirects, health, version) is private and never
 * stored, and no other method's answer carries the header. The edge is the one place that decides: the hook runs as
 * the answer leaves, so it wins over whatever a service behind sent (flows also marks its POST answers). */
export function noCache(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'GET') reply.header('cache-control', NO_CACHE);
    else reply.removeHeader('cache-control');
    return payload;
  });
}
