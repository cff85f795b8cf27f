import type { FastifyRequest } from 'fastify';
import { EventEnvelope } from '@gatehouse/contracts';
import { awaitTokens } from '../http/read-your-writes';
import { actorOf } from './read-your-writes';

const A = '9a8b7c6d-0000-4000-8000-00000000000a';
const B = '9a8b7c6d-0000-4000-8000-00000000000b';
const IMPORT = '9a8b7c6d-0000-4000-8000-0000000000ff';

const envelope = (streamId: string, streamVersion: number, type: string, data: unknown = {}): EventEnvelope => ({
  id: `9a8b7c6d-0000-4000-8000-${String(streamVersion).padStart(12, '0')}`,
  type,
  version: 1,
  streamId,
  streamVersion,
  subject: streamId.split(':')[1]!,
  occurredAt: '2026-11-29T10:00:00.000Z',
  data,
});

describe('read-your-writes: the x-gatehouse-await tokens and the actor header', () => {
  it('one token per identity stream with the version of its last event; other streams do not count', () => {
    expect(awaitTokens([envelope(`identity:${A}`, 4, 'IdentityUpdated'), envelope(`identity:${A}`, 5, 'IdentityStateChanged'), envelope(`session:${B}`, 2, 'SessionRevoked')])).toBe(`identity:${A}@5`);
    expect(awaitTokens([envelope(`identity:${A}`, 1, 'IdentityCreated'), envelope(`identity:${B}`, 3, 'IdentityDeleted')])).toBe(`identity:${A}@1,identity:${B}@3`);
    expect(awaitTokens([])).toBeUndefined();
    expect(awaitTokens([envelope(`session:${B}`, 1, 'SessionIssued')])).toBeUndefined();
  });

  it('an import is one token with the number of identities it created', () => {
    const created = (id: string) => envelope(`identity:${id}`, 1, 'IdentityCreated', { identity_id: id, import_id: IMPORT });
    const summary = envelope(`import:${IMPORT}`, 1, 'IdentitiesImported', { import_id: IMPORT, identity_ids: [A, B], failed: 3 });
    expect(awaitTokens([created(A), created(B), summary])).toBe(`import:${IMPORT}#2`);
  });

  it('the actor is an admin, named by X-Gatehouse-Actor when given (trimmed, at most 256 characters)', () => {
    const req = (value?: string | string[]) => ({ headers: value === undefined ? {} : { 'x-gatehouse-actor': value } }) as unknown as FastifyRequest;
    expect(actorOf(req())).toEqual({ type: 'admin' });
    expect(actorOf(req('   '))).toEqual({ type: 'admin' });
    expect(actorOf(req('  ops@example.com '))).toEqual({ type: 'admin', id: 'ops@example.com' });
    expect(actorOf(req(['first', 'second']))).toEqual({ type: 'admin', id: 'first' });
    expect(actorOf(req('x'.repeat(300))).id).toHaveLength(256);
  });
});
