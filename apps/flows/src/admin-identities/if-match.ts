import type { FastifyReply, FastifyRequest } from 'fastify';
import { KratosError } from '@gatehouse/contracts';

/** Beyond Kratos: optimistic concurrency for admins. `GET /admin/identities/{id}` answers `ETag: "<version>"`, the
 * version of the last event on the identity's stream (`identity:<id>`), and so do the writes that leave an identity
 * (POST, PUT, PATCH: the version their events moved it to). PUT, PATCH and DELETE honour `If-Match`: when it names no
 * current version they answer 412 and change nothing; `If-Match: *` and no If-Match are unconditional. The version is
 * compared inside the write transaction, with the stream locked (AdminIdentityWriter), so that of two admins sending
 * the same ETag one wins and the other gets the 412. */

/** What an If-Match header asks for: the entity tags it lists as written (`"3"`, `W/"3"`), or `invalid` when it is
 * not a list of entity tags (it then matches nothing: a condition the server cannot read must not be dropped). */
export interface IfMatch {
  tags: readonly string[];
  invalid?: true;
}

/** The strong ETag of a stream version. */
export const etagOf = (version: number): string => `"${version}"`;

const ENTITY_TAG = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** The If-Match condition of a request; undefined when it sets none (no header, an empty one, or `*`). */
export function ifMatchOf(req: FastifyRequest): IfMatch | undefined {
  return parseIfMatch(req.headers['if-match']);
}

export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim();
  if (value === '' || value === '*') return undefined;
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return tags.every((t) => ENTITY_TAG.test(t)) ? { tags } : { tags, invalid: true };
}

/** RFC 9110's strong comparison: a weak tag (W/"3") never matches. */
export function matches(condition: IfMatch, version: number): boolean {
  return !condition.invalid && condition.tags.includes(etagOf(version));
}

export function preconditionFailed(condition: IfMatch, version: number): KratosError {
  const reason = condition.invalid
    ? `The If-Match header must list entity tags as GET /admin/identities/{id} answers them in its ETag (for example "${version}").`
    : `The identity has changed since it was read: If-Match names ${condition.tags.join(', ')}, its current version is ${etagOf(version)}. Read it again and retry with the new ETag.`;
  return new KratosError(412, { reason });
}

export function setEtagHeader(reply: FastifyReply, version: number | undefined): void {
  if (version !== undefined && version > 0) void reply.header('etag', etagOf(version));
}
