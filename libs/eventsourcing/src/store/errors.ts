/** The stream moved on since the caller read it (optimistic concurrency). */
export class ConcurrencyError extends Error {
  constructor(readonly streamId: string, readonly expectedVersion: number, readonly actualVersion: number) {
    super(`stream ${streamId}: expected version ${expectedVersion}, found ${actualVersion}`);
    this.name = 'ConcurrencyError';
  }
}

/** A unique claim (an email, a username…) is held by another stream already. */
export class ClaimTakenError extends Error {
  constructor(readonly kind: string, readonly value: string) {
    super(`${kind} is claimed already`);
    this.name = 'ClaimTakenError';
  }
}

export const PG_UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === PG_UNIQUE_VIOLATION && (constraint === undefined || err.constraint === constraint);
}

/** SQLSTATEs of a transaction that lost to a concurrent one and may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */]);

/** Another writer won the race for the same stream or rows: running the work again on fresh state is the answer
 * (a stale expected version, a deadlock Postgres broke, a serialization failure). */
export function isWriteConflict(e: unknown): boolean {
  if (e instanceof ConcurrencyError) return true;
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}
