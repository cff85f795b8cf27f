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
