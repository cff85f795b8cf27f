import { Logger } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { Upstream } from './upstream';

/** The header flows sets on an admin write or a self-service answer that changed an identity: what the identity read model must have applied (e.g.
 * `identity:<id>@3`, `import:<id>#1000`). Internal: it never reaches the client. */
export const AWAIT_HEADER = 'x-gatehouse-await';

/** Read-your-writes for the admin API and the self-service answers: flows records a change, the identity service projects it from Kafka a
 * few milliseconds later. Before the gateway answers a write, it waits (bounded) until the identity service has
 * applied it, so the caller's next GET shows the change. A write is committed either way: when the wait times
 * out or the identity service is away, the answer still goes out (and the delay is logged). */
export class ReadYourWrites {
  private readonly logger = new Logger('read-your-writes');

  constructor(
    private readonly identity: Upstream,
    private readonly timeoutMs: number,
  ) {}

  async settle(headers: IncomingHttpHeaders): Promise<void> {
    const tokens = awaitTokens(headers[AWAIT_HEADER]);
    if (tokens.length === 0) return;
    try {
      const answer = await this.identity.call<{ caught_up?: boolean; pending?: string[] }>('POST', '/internal/await', { tokens, timeout_ms: this.timeoutMs });
      if (answer.status !== 200 || answer.body.caught_up !== true) {
        this.logger.warn(`the identity read model did not catch up within ${this.timeoutMs} ms (${answer.status}; pending ${(answer.body.pending ?? tokens).join(',')})`);
      }
    } catch (e) {
      this.logger.warn(`could not wait for the identity read model: ${(e as Error).message}`);
    }
  }
}

/** The tokens of an await header (one value, comma-separated, or repeated headers). */
export function awaitTokens(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : [value ?? ''])
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
}
