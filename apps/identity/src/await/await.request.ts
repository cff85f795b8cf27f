import { KratosError } from '@gatehouse/contracts';

/** POST /internal/await: parsing and the "is it met" rule (pure; the service polls the positions).
 *
 * `identity:<uuid>@<v>`: the projection has seen the stream `identity:<uuid>` up to version ≥ v.
 * `import:<uuid>#<n>`: ≥ n IdentityCreated events of that import batch are applied. */

export interface AwaitToken {
  /** The token as the caller wrote it (what `pending` answers with). */
  raw: string;
  /** Where its position is kept: the stream id `identity:<uuid>` or `import:<uuid>` (lower case). */
  key: string;
  /** The position that meets it. */
  min: number;
}

export interface AwaitRequest {
  tokens: AwaitToken[];
  timeoutMs: number;
}

export const AWAIT_DEFAULT_TIMEOUT_MS = 5_000;
export const AWAIT_MAX_TIMEOUT_MS = 30_000;
/** A PATCH batch has at most 1000 identities: room for its tokens and more. */
export const AWAIT_MAX_TOKENS = 10_000;

const TOKEN = /^(identity|import):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})([@#])(\d{1,10})$/i;
const INT32_MAX = 2 ** 31 - 1;

/** Reads `{"tokens": [...], "timeout_ms"?: n}`; anything else is a 400. timeout_ms above the maximum is capped. */
export function parseAwaitRequest(body: unknown): AwaitRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refused('The request body must be a JSON object with "tokens".');
  const { tokens, timeout_ms } = body as Record<string, unknown>;
  if (!Array.isArray(tokens)) throw refused('"tokens" must be an array of strings.');
  if (tokens.length > AWAIT_MAX_TOKENS) throw refused(`"tokens" holds at most ${AWAIT_MAX_TOKENS} tokens.`);
  let timeoutMs = AWAIT_DEFAULT_TIMEOUT_MS;
  if (timeout_ms !== undefined) {
    if (typeof timeout_ms !== 'number' || !Number.isInteger(timeout_ms) || timeout_ms < 0) throw refused('"timeout_ms" must be a non-negative integer.');
    timeoutMs = Math.min(timeout_ms, AWAIT_MAX_TIMEOUT_MS);
  }
  return { tokens: tokens.map(parseAwaitToken), timeoutMs };
}

export function parseAwaitToken(token: unknown): AwaitToken {
  const match = typeof token === 'string' ? TOKEN.exec(token) : null;
  const [, kind, uuid, separator, position] = match ?? [];
  if (!match || (kind.toLowerCase() === 'identity') !== (separator === '@') || Number(position) > INT32_MAX) {
    throw refused(`${JSON.stringify(token)} is not an await token ("identity:<uuid>@<version>" or "import:<uuid>#<count>").`);
  }
  return { raw: token as string, key: `${kind.toLowerCase()}:${uuid.toLowerCase()}`, min: Number(position) };
}

/** The tokens not met by the positions (key → position; a key not there is at 0). */
export function pendingTokens(tokens: readonly AwaitToken[], positions: ReadonlyMap<string, number>): AwaitToken[] {
  return tokens.filter((t) => (positions.get(t.key) ?? 0) < t.min);
}

function refused(reason: string): KratosError {
  return KratosError.badRequest(reason);
}
