import type { FastifyRequest } from 'fastify';
import { Actor } from '@gatehouse/contracts';

const ACTOR_HEADER = 'x-gatehouse-actor';

/** Who makes an admin change: an administrator, named by the X-Gatehouse-Actor header when the caller sets it
 * (trimmed, at most 256 characters). */
export function actorOf(req: FastifyRequest): Actor {
  const raw = req.headers[ACTOR_HEADER];
  const id = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 256).trim();
  return id ? { type: 'admin', id } : { type: 'admin' };
}
