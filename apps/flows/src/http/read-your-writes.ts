import type { FastifyReply } from 'fastify';
import { EventEnvelope, IdentitiesImported, IdentityCreated } from '@gatehouse/contracts';
import type { Reply } from './answer';

/** The response header that tells the gateway what the identity read model must have seen before the caller is
 * answered (read-your-writes for admin writes and for the self-service answers that change an identity). Internal:
 * the gateway strips it. */
export const AWAIT_HEADER = 'x-gatehouse-await';

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

/** A self-service answer that follows a write: the gateway holds it until the identity read model shows the
 * change (JSON answers and redirects alike). Only for changes a client can read next, never for a request that
 * appends for a known address only (that would make a known address slower than an unknown one). */
export function awaiting(reply: Reply, events: readonly EventEnvelope[]): Reply {
  const awaits = awaitTokens(events);
  return awaits === undefined ? reply : { ...reply, awaits };
}
