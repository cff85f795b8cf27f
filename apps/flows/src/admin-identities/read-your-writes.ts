import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, EventEnvelope, IdentitiesImported, IdentityCreated } from '@gatehouse/contracts';

/** The response header that tells the gateway what the identity read model must have seen before the caller is
 * answered (read-your-writes for admin writes). */
export const AWAIT_HEADER = 'x-gatehouse-await';
const ACTOR_HEADER = 'x-gatehouse-actor';

/** `identity:<uuid>@<version>` per identity stream written (the version of its last event), or for an import
 * `import:<uuid>#<IdentityCreated count>` instead of one token per identity; undefined when nothing was appended. */
export function awaitTokens(events: readonly EventEnvelope[]): string | undefined {
  const summary = events.find((e) => e.type === IdentitiesImported.V1.name);
  if (summary) {
    const importId = (summary.data as IdentitiesImported.V1.Data).import_id;
    const created = events.filter((e) => e.type === IdentityCreated.V1.name && (e.data as IdentityCreated.V1.Data).import_id === importId).length;
    return `import:${importId}#${created}`;
  }
  const versions = new Map<string, number>();
  for (const e of events) if (e.streamId.startsWith('identity:')) versions.set(e.streamId, Math.max(versions.get(e.streamId) ?? 0, e.streamVersion));
  return versions.size > 0 ? [...versions].map(([stream, version]) => `${stream}@${version}`).join(',') : undefined;
}

export function setAwaitHeader(reply: FastifyReply, events: readonly EventEnvelope[]): void {
  const tokens = awaitTokens(events);
  if (tokens !== undefined) void reply.header(AWAIT_HEADER, tokens);
}

/** Who makes an admin change: an administrator, named by the X-Gatehouse-Actor header when the caller sets it
 * (trimmed, at most 256 characters). */
export function actorOf(req: FastifyRequest): Actor {
  const raw = req.headers[ACTOR_HEADER];
  const id = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 256).trim();
  return id ? { type: 'admin', id } : { type: 'admin' };
}
