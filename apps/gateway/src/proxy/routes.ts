import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { identityTarget } from './identity-routing';
import { ReadYourWrites } from './read-your-writes';
import { Upstream } from './upstream';

export interface Upstreams {
  flows: Upstream;
  identity: Upstream;
  notifier: Upstream;
}

/** Paths of the admin API; Kratos registers them under /admin and also answers without the prefix. */
const ADMIN_PREFIXES = ['/admin/identities', '/identities'];
const COURIER_PREFIXES = ['/admin/courier/messages', '/courier/messages'];
/** Admin recovery codes and links (POST /admin/recovery/{code,link}), served by flows. */
const RECOVERY_PREFIXES = ['/admin/recovery', '/recovery'];
/** Admin sessions (list, get, disable, extend), served by flows, whose state they are. Without the prefix these
 * paths are the public "my sessions" API, so only the admin listener reads them as admin paths. */
const ADMIN_SESSION_PREFIXES = ['/admin/sessions', '/sessions'];

function redirect(baseUrl: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    await reply.code(307).header('location', `${baseUrl.replace(/\/+$/, '')}${req.url}`).send();
  };
}

/** The public port: self-service → flows; admin paths answer with a redirect to the admin port, never data.
 * A self-service answer that changed an identity (registration, verification or recovery passed, a new password)
 * carries the await header: it goes out (JSON or redirect, whatever its status) once the identity read model shows
 * the change, so the client's next admin GET sees it. flows sets the header only on such answers. */
export function publicRoutes(upstreams: Upstreams, adminBaseUrl: string, readYourWrites: ReadYourWrites) {
  return (fastify: FastifyInstance): void => {
    const settle = (_status: number, headers: Parameters<ReadYourWrites['settle']>[0]) => readYourWrites.settle(headers);
    fastify.all('/self-service/*', (req, reply) => upstreams.flows.forward(req, reply, { beforeReply: settle }));
    fastify.all('/sessions', (req, reply) => upstreams.flows.forward(req, reply));
    fastify.get('/schemas', (req, reply) => upstreams.flows.forward(req, reply));
    fastify.get('/schemas/*', (req, reply) => upstreams.flows.forward(req, reply));
    // the script the webauthn and passkey nodes load
    fastify.get('/.well-known/ory/webauthn.js', (req, reply) => upstreams.flows.forward(req, reply));
    fastify.all('/sessions/*', (req, reply) => upstreams.flows.forward(req, reply));
    for (const p of [...ADMIN_PREFIXES, ...COURIER_PREFIXES, ...RECOVERY_PREFIXES]) {
      fastify.all(p, redirect(adminBaseUrl));
      fastify.all(`${p}/*`, redirect(adminBaseUrl));
    }
    fastify.all('/admin/sessions', redirect(adminBaseUrl));
    fastify.all('/admin/sessions/*', redirect(adminBaseUrl));
    fastify.all('/admin/*', redirect(adminBaseUrl));
  };
}

/** The admin port: reads of identities → identity, identity changes, sessions, recovery and history → flows,
 * courier → notifier (always with the /admin prefix); self-service paths redirect to the public port.
 * Conditional requests (beyond Kratos) go through as they are: the ETag of GET /admin/identities/{id} (the stream
 * version, from identity or, with include_credential, from flows) and of a PUT/PATCH answer comes back, and the
 * If-Match of PUT, PATCH and DELETE reaches flows, which checks it in its write transaction; its 412 is answered at
 * once (only a 2xx waits for the read model). */
export function adminRoutes(upstreams: Upstreams, publicBaseUrl: string, readYourWrites: ReadYourWrites) {
  return (fastify: FastifyInstance): void => {
    const adminPath = (req: FastifyRequest) => (req.url.startsWith('/admin/') ? req.url : `/admin${req.url}`);
    const to = (upstream: Upstream) => (req: FastifyRequest, reply: FastifyReply) => upstream.forward(req, reply, { path: adminPath(req) });
    const identities = (req: FastifyRequest, reply: FastifyReply) => {
      const path = adminPath(req);
      const target = identityTarget(req.method, path);
      if (target.service === 'identity') return upstreams.identity.forward(req, reply, { path });
      // a change answers only once the identity read model shows it (the caller's next GET sees it)
      const beforeReply = target.write ? (status: number, headers: Parameters<ReadYourWrites['settle']>[0]) => (status < 300 ? readYourWrites.settle(headers) : Promise.resolve()) : undefined;
      return upstreams.flows.forward(req, reply, { path, beforeReply });
    };
    for (const p of ADMIN_PREFIXES) {
      fastify.all(p, identities);
      fastify.all(`${p}/*`, identities);
    }
    for (const [prefixes, upstream] of [
      [COURIER_PREFIXES, upstreams.notifier],
      [RECOVERY_PREFIXES, upstreams.flows],
      [ADMIN_SESSION_PREFIXES, upstreams.flows],
    ] as const) {
      for (const p of prefixes) {
        fastify.all(p, to(upstream));
        fastify.all(`${p}/*`, to(upstream));
      }
    }
    fastify.all('/self-service/*', redirect(publicBaseUrl));
    fastify.get('/schemas', redirect(publicBaseUrl));
    fastify.get('/schemas/*', redirect(publicBaseUrl));
    fastify.get('/metrics/prometheus', (req, reply) => upstreams.flows.forward(req, reply));
  };
}
