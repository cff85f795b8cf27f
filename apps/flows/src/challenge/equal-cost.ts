import { randomInt } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/** How a code request (verification, recovery) is paced; the defaults suit a service next to its Postgres. */
export interface EqualCostOptions {
  /** how many of the latest durations of the known-address path the estimate reads */
  window: number;
  /** the share of those that answer no later than the target (a high percentile) */
  percentile: number;
  /** until this many were measured the target is the slowest seen, and at least `initialMs` (the first requests after boot) */
  warmup: number;
  initialMs: number;
  /** the target never goes below this, nor above `ceilingMs` (no request is held longer by the pacing) */
  floorMs: number;
  ceilingMs: number;
}

export const EQUAL_COST_DEFAULTS: EqualCostOptions = { window: 128, percentile: 0.95, warmup: 16, initialMs: 50, floorMs: 5, ceilingMs: 1_000 };

export interface EqualCostDeps {
  /** a monotonic clock in milliseconds */
  now: () => number;
  /** waits without blocking the event loop */
  sleep: (ms: number) => Promise<unknown>;
  /** an integer in [0, n) */
  pick: (n: number) => number;
}

const DEFAULT_DEPS: EqualCostDeps = { now: () => performance.now(), sleep: (ms) => delay(ms), pick: (n) => randomInt(n) };

/**
 * Makes a code request for an unknown address answer in the time one for a known address does, so that the answer
 * time does not tell who has an account (what an attacker measures is the whole answer). The known path does more
 * (events appended and a digest stored in a transaction), so its durations are measured: every request, known or
 * not, answers no sooner than a high percentile of the recent ones (the target), and an unknown one waits, beyond
 * that, until a duration drawn from those recent ones, so that even the slow tail of the two looks alike.
 * A known request waits only up to the target. Waiting is a timer: the event loop goes on serving.
 */
export class EqualCost {
  private readonly o: EqualCostOptions;
  private readonly d: EqualCostDeps;
  /** the latest known-path durations, oldest first */
  private readonly samples: number[] = [];
  private cached?: number;

  constructor(options: Partial<EqualCostOptions> = {}, deps: Partial<EqualCostDeps> = {}) {
    this.o = { ...EQUAL_COST_DEFAULTS, ...options };
    this.d = { ...DEFAULT_DEPS, ...deps };
    if (!(this.o.floorMs >= 0 && this.o.floorMs <= this.o.ceilingMs)) throw new Error('equal cost: 0 <= floorMs <= ceilingMs');
    if (!(this.o.percentile > 0 && this.o.percentile <= 1) || this.o.window < 1) throw new Error('equal cost: 0 < percentile <= 1 and window >= 1');
  }

  /**
   * Runs one code request. `work` calls `known()` once it has done the known-address work (the events and the
   * digest written); the run then counts as a sample of that path. Whether it succeeds or throws, the answer
   * leaves no sooner than its share of the pacing.
   */
  async pace<T>(work: (known: () => void) => Promise<T>): Promise<T> {
    const started = this.d.now();
    let isKnown = false;
    let ok = false;
    try {
      const result = await work(() => (isKnown = true));
      ok = true;
      return result;
    } finally {
      const elapsed = this.d.now() - started;
      const until = isKnown ? this.targetMs() : Math.max(this.targetMs(), this.draw());
      if (isKnown && ok) this.record(elapsed);
      // a timer may fire a fraction of a millisecond early (libuv's loop clock): sleep until the target is reached
      for (let left = until - elapsed; left > 0; left = until - (this.d.now() - started)) await this.d.sleep(Math.ceil(left));
    }
  }

  /** The duration every code request is padded to: a high percentile of the recent known-path durations, bounded. */
  targetMs(): number {
    this.cached ??= this.estimate();
    return this.cached;
  }

  private estimate(): number {
    const { warmup, initialMs, percentile, floorMs, ceilingMs } = this.o;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const n = sorted.length;
    const estimate = n < warmup ? Math.max(initialMs, n > 0 ? sorted[n - 1] : 0) : sorted[Math.min(n - 1, Math.ceil(percentile * n) - 1)];
    return Math.min(ceilingMs, Math.max(floorMs, estimate));
  }

  /** One of the recent known-path durations, at random (none yet: 0), never above the ceiling. */
  private draw(): number {
    const n = this.samples.length;
    return n === 0 ? 0 : Math.min(this.o.ceilingMs, this.samples[this.d.pick(n)]);
  }

  private record(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.o.window) this.samples.shift();
    this.cached = undefined;
  }
}
