import { EqualCost, EqualCostOptions } from './equal-cost';

/** An EqualCost on a fake clock: work advances it by its cost, sleeping advances it by what was asked. */
function paced(options: Partial<EqualCostOptions> = {}, pick: (n: number) => number = () => 0) {
  let t = 0;
  const slept: number[] = [];
  const cost = new EqualCost(options, {
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    pick,
  });
  /** one request: `ms` of work, on the known-address path or not; answers how long it took in all */
  async function request(ms: number, known: boolean): Promise<number> {
    const start = t;
    await cost.pace(async (mark) => {
      t += ms;
      if (known) mark();
    });
    return t - start;
  }
  return { cost, slept, request };
}

const WARM = { warmup: 4, initialMs: 50, floorMs: 1, ceilingMs: 1_000, window: 20, percentile: 0.95 };

function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(p * (sorted.length - 1))];
}

/** A small seeded generator (mulberry32), so that the simulated durations are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('EqualCost', () => {
  it('right after boot, before any known request was measured, every request takes initialMs', async () => {
    const { request, cost } = paced(WARM);
    expect(cost.targetMs()).toBe(50);
    expect(await request(3, false)).toBe(50);
    expect(await request(4, true)).toBe(50);
  });

  it('while warming up, the target is the slowest known request seen (at least initialMs)', async () => {
    const { request, cost } = paced(WARM);
    expect(await request(80, true)).toBe(80);
    expect(cost.targetMs()).toBe(80);
    expect(await request(2, false)).toBe(80);
    expect(await request(10, true)).toBe(80);
  });

  it('once warm, pads to the 95th percentile of the recent known requests; a known one waits only up to it', async () => {
    const { request, cost, slept } = paced(WARM);
    for (let ms = 1; ms <= 20; ms++) await request(ms, true);
    // 20 samples 1..20: the 95th percentile is the 19th
    expect(cost.targetMs()).toBe(19);
    slept.length = 0;
    expect(await request(12, true)).toBe(19);
    expect(slept).toEqual([7]);
    // slower than the target: no waiting at all
    slept.length = 0;
    expect(await request(25, true)).toBe(25);
    expect(slept).toEqual([]);
  });

  it('an unknown request waits until the target or a drawn recent known duration, whichever is later', async () => {
    let index = 0;
    const { request } = paced(WARM, () => index);
    for (const ms of [5, 5, 5, 5, 40]) await request(ms, true);
    // samples [5, 5, 5, 5, 40]: the 95th percentile is 40; draws of 5 change nothing
    expect(await request(1, false)).toBe(40);
    // a small target, and the slowest sample drawn
    const tail = paced({ ...WARM, percentile: 0.5 }, () => index);
    for (const ms of [5, 5, 5, 5, 40]) await tail.request(ms, true);
    expect(tail.cost.targetMs()).toBe(5);
    index = 4;
    expect(await tail.request(1, false)).toBe(40);
    index = 0;
    expect(await tail.request(1, false)).toBe(5);
  });

  it('the target stays within the floor and the ceiling, and so do the draws', async () => {
    const low = paced({ ...WARM, initialMs: 0, floorMs: 8 });
    for (let i = 0; i < 6; i++) await low.request(1, true);
    expect(low.cost.targetMs()).toBe(8);
    expect(await low.request(0, false)).toBe(8);
    const high = paced({ ...WARM, ceilingMs: 100 });
    for (let i = 0; i < 6; i++) await high.request(5_000, true);
    expect(high.cost.targetMs()).toBe(100);
    expect(await high.request(1, false)).toBe(100);
  });

  it('follows the recent known requests: older ones leave the window', async () => {
    const { request, cost } = paced(WARM);
    for (let i = 0; i < 20; i++) await request(200, true);
    expect(cost.targetMs()).toBe(200);
    for (let i = 0; i < 20; i++) await request(10, true);
    expect(cost.targetMs()).toBe(10);
  });

  it('a failing request is padded too and fails as it would; it is no sample', async () => {
    const { cost, slept } = paced(WARM);
    await expect(
      cost.pace(async (known) => {
        known();
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    expect(slept).toEqual([50]);
    expect(cost.targetMs()).toBe(50);
  });

  it('known and unknown requests end up with the same distribution of answer times, the slow tail included', async () => {
    const random = seeded(9);
    const { request } = paced({ window: 128, warmup: 16, initialMs: 30, floorMs: 1, ceilingMs: 1_000, percentile: 0.95 }, (n) => Math.floor(random() * n));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      // known: 10 ms and an exponential tail; unknown: 4 ms and a smaller one
      known.push(await request(10 - 6 * Math.log(1 - random()), true));
      unknown.push(await request(4 - 2 * Math.log(1 - random()), false));
    }
    for (const p of [0.5, 0.9, 0.99]) expect(quantile(unknown, p) / quantile(known, p)).toBeCloseTo(1, 1);
  });

  it('waits on a timer, leaving the event loop free', async () => {
    const cost = new EqualCost({ initialMs: 40, floorMs: 0 });
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    const started = performance.now();
    try {
      await cost.pace(async () => undefined);
    } finally {
      clearInterval(ticking);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('refuses options that make no sense', () => {
    expect(() => new EqualCost({ floorMs: 10, ceilingMs: 5 })).toThrow();
    expect(() => new EqualCost({ percentile: 0 })).toThrow();
    expect(() => new EqualCost({ window: 0 })).toThrow();
  });
});
