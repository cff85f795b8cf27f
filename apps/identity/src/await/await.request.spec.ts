import { KratosError } from '@gatehouse/contracts';
import { AWAIT_DEFAULT_TIMEOUT_MS, AWAIT_MAX_TIMEOUT_MS, AWAIT_MAX_TOKENS, parseAwaitRequest, pendingTokens } from './await.request';

const ID = '0b6c5f0e-8d4a-4c1e-9f3a-2f1e5d6c7b8a';
const IMPORT = '1c7d6f1f-9e5b-4d2f-8a4b-3f2e6d7c8b9a';

function refused(body: unknown): string {
  try {
    parseAwaitRequest(body);
  } catch (e) {
    expect(e).toBeInstanceOf(KratosError);
    expect((e as KratosError).code).toBe(400);
    return String((e as KratosError).body.reason);
  }
  throw new Error(`expected ${JSON.stringify(body)} to be refused`);
}

describe('POST /internal/await request (pure)', () => {
  it('reads identity and import tokens, keyed by stream (lower case), with the default timeout', () => {
    expect(parseAwaitRequest({ tokens: [`identity:${ID.toUpperCase()}@3`, `import:${IMPORT}#1000`] })).toEqual({
      tokens: [
        { raw: `identity:${ID.toUpperCase()}@3`, key: `identity:${ID}`, min: 3 },
        { raw: `import:${IMPORT}#1000`, key: `import:${IMPORT}`, min: 1000 },
      ],
      timeoutMs: AWAIT_DEFAULT_TIMEOUT_MS,
    });
    expect(AWAIT_DEFAULT_TIMEOUT_MS).toBe(5_000);
  });

  it('takes timeout_ms up to 30 s and caps longer ones', () => {
    expect(parseAwaitRequest({ tokens: [], timeout_ms: 0 }).timeoutMs).toBe(0);
    expect(parseAwaitRequest({ tokens: [], timeout_ms: 1234 }).timeoutMs).toBe(1234);
    expect(parseAwaitRequest({ tokens: [], timeout_ms: 600_000 }).timeoutMs).toBe(AWAIT_MAX_TIMEOUT_MS);
    expect(AWAIT_MAX_TIMEOUT_MS).toBe(30_000);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an array', []],
    ['no tokens', { timeout_ms: 10 }],
    ['tokens not an array', { tokens: `identity:${ID}@1` }],
    ['a token not a string', { tokens: [42] }],
    ['an unknown kind', { tokens: [`session:${ID}@1`] }],
    ['an identity token with a count', { tokens: [`identity:${ID}#1`] }],
    ['an import token with a version', { tokens: [`import:${IMPORT}@1`] }],
    ['a malformed uuid', { tokens: ['identity:not-a-uuid@1'] }],
    ['a negative version', { tokens: [`identity:${ID}@-1`] }],
    ['no version', { tokens: [`identity:${ID}@`] }],
    ['a version beyond int32', { tokens: [`identity:${ID}@4294967296`] }],
    ['trailing text', { tokens: [`identity:${ID}@1 `] }],
    ['a negative timeout', { tokens: [], timeout_ms: -1 }],
    ['a fractional timeout', { tokens: [], timeout_ms: 1.5 }],
    ['a string timeout', { tokens: [], timeout_ms: '100' }],
    ['too many tokens', { tokens: Array.from({ length: AWAIT_MAX_TOKENS + 1 }, () => `identity:${ID}@1`) }],
  ])('refuses %s with a 400', (_case, body) => {
    expect(refused(body)).toEqual(expect.any(String));
  });

  it('names the malformed token in the reason', () => {
    expect(refused({ tokens: [`identity:${ID}@1`, 'nope'] })).toMatch(/"nope" is not an await token/);
  });

  it('a token is met at or past its position; an unknown stream or import is at 0', () => {
    const { tokens } = parseAwaitRequest({ tokens: [`identity:${ID}@3`, `import:${IMPORT}#2`, `identity:${IMPORT}@0`] });
    const at = (entries: [string, number][]) => pendingTokens(tokens, new Map(entries)).map((t) => t.raw);
    expect(at([])).toEqual([`identity:${ID}@3`, `import:${IMPORT}#2`]);
    expect(at([[`identity:${ID}`, 3]])).toEqual([`import:${IMPORT}#2`]);
    expect(at([[`identity:${ID}`, 4], [`import:${IMPORT}`, 1]])).toEqual([`import:${IMPORT}#2`]);
    expect(at([[`identity:${ID}`, 4], [`import:${IMPORT}`, 2]])).toEqual([]);
  });
});
