import { KratosError } from '@gatehouse/contracts';
import { isDatabaseUnavailable, toKratosError } from './errors.filter';

describe('toKratosError', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' })],
    ['an administrator shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a starting server (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection exception (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
  ])('answers 503 with the envelope for %s', (_what, e) => {
    const error = toKratosError(e);
    expect(error.code).toBe(503);
    expect(error.toEnvelope()).toEqual({
      error: { code: 503, status: 'Service Unavailable', message: 'The service is temporarily unavailable', reason: expect.stringContaining('database') },
    });
  });

  it.each([
    ['a ConcurrencyError the retries did not resolve', Object.assign(new Error('stream identity:1: expected version 1, found 2'), { name: 'ConcurrencyError' })],
    ['a serialization failure (40001)', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['a deadlock Postgres broke (40P01)', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
  ])('answers 409 conflict without internals for %s', (_what, e) => {
    const { error } = toKratosError(e).toEnvelope() as { error: { code: number; status: string; reason: string } };
    expect(error).toMatchObject({ code: 409, status: 'Conflict', reason: expect.stringContaining('concurrent request') });
    expect(JSON.stringify(error)).not.toMatch(/version|stream|deadlock|serialize/);
  });

  it('keeps other failures a 500 without internals', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(toKratosError(new Error('boom')).code).toBe(500);
    expect(toKratosError(KratosError.badRequest('no')).code).toBe(400);
  });
});
