import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableOf } from '../database/bulk';
import { ImportProgressEntity, StreamPositionEntity } from '../database/entities';
import { AwaitToken, pendingTokens } from './await.request';

/** How often the positions are read while someone waits. */
export const AWAIT_POLL_MS = 10;

interface Waiter {
  pending: AwaitToken[];
  deadline: number;
  resolve: (pending: AwaitToken[]) => void;
}

/** Waits until the projection has reached positions. Every waiter shares one poll: while anyone waits, one query
 * every AWAIT_POLL_MS reads the positions of all pending tokens at once. */
@Injectable()
export class AwaitService implements OnModuleDestroy {
  private readonly logger = new Logger('identity-await');
  private readonly waiters = new Set<Waiter>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  /** The tokens still not met when all were met (empty) or `timeoutMs` passed. */
  async until(tokens: readonly AwaitToken[], timeoutMs: number): Promise<AwaitToken[]> {
    const deadline = Date.now() + timeoutMs;
    const pending = pendingTokens(tokens, await this.positions(tokens));
    if (pending.length === 0 || timeoutMs === 0) return pending;
    return new Promise((resolve) => {
      this.waiters.add({ pending, deadline, resolve });
      this.schedule();
    });
  }

  /** Answers every waiter with what is pending now (a stopping service does not hold requests). */
  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters) w.resolve(w.pending);
    this.waiters.clear();
  }

  private schedule(): void {
    if (this.timer === undefined && this.waiters.size > 0) this.timer = setTimeout(() => void this.poll(), AWAIT_POLL_MS);
  }

  private async poll(): Promise<void> {
    const waiters = [...this.waiters];
    try {
      const positions = await this.positions(waiters.flatMap((w) => w.pending));
      for (const w of waiters) w.pending = pendingTokens(w.pending, positions);
    } catch (e) {
      this.logger.warn(`cannot read the projection positions: ${(e as Error).message}`);
    }
    const now = Date.now();
    for (const w of waiters) {
      if (w.pending.length > 0 && now < w.deadline) continue;
      this.waiters.delete(w);
      w.resolve(w.pending);
    }
    this.timer = undefined;
    this.schedule();
  }

  /** Position by key: the version seen of each `identity:` stream, the IdentityCreated count of each `import:`. */
  private async positions(tokens: readonly AwaitToken[]): Promise<Map<string, number>> {
    const streams = new Set<string>();
    const imports = new Set<string>();
    for (const t of tokens) (t.key.startsWith('identity:') ? streams : imports).add(t.key);
    if (streams.size === 0 && imports.size === 0) return new Map();
    const m = this.dataSource.manager;
    const rows = (await m.query(
      `SELECT stream_id AS key, version AS position FROM ${tableOf(m, StreamPositionEntity)} WHERE stream_id = ANY($1::text[])
       UNION ALL
       SELECT 'import:' || import_id, applied FROM ${tableOf(m, ImportProgressEntity)} WHERE import_id = ANY($2::uuid[])`,
      [[...streams], [...imports].map((k) => k.slice('import:'.length))],
    )) as { key: string; position: number }[];
    return new Map(rows.map((r) => [r.key, Number(r.position)]));
  }
}
