import { FlowsHarness } from '../../test/flows-harness';
import { EQUAL_COST_DEFAULTS } from './equal-cost';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
/** pairs whose times are thrown away: the first requests after boot (cold pool, JIT) and the pacing's own warm-up,
 * during which every request takes the same fixed time (what is measured here is the steady state) */
const WARMUP = EQUAL_COST_DEFAULTS.warmup + 4;
/** measured pairs per flow; each pair is one known and one unknown request, in alternating order */
const PAIRS = 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What an attacker measures: the whole answer time of a code request, known address against unknown one. */
describe('a code request answers in the same time for a known and an unknown address (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  /** Opens an API flow (not timed), then times the POST `{method: "code", email}` until its body is read. */
  async function timedRequest(flow: 'recovery' | 'verification', email: string): Promise<number> {
    const created = await fetch(`${h.url}/self-service/${flow}/api`);
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const started = performance.now();
    const res = await fetch(`${h.url}/self-service/${flow}?flow=${id}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'code', email }) });
    const body = (await res.json()) as { state?: string };
    const elapsed = performance.now() - started;
    expect([res.status, body.state]).toEqual([200, 'sent_email']);
    return elapsed;
  }

  it.each(['recovery', 'verification'] as const)('%s: the median answer times of known and unknown addresses are within 0.8–1.25 of each other', async (flow) => {
    const tag = `${Date.now()}.${Math.random().toString(36).slice(2, 7)}`;
    const email = `timing.${flow}.${tag}@example.com`;
    expect((await h.register(email)).status).toBe(200);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < WARMUP + PAIRS; i++) {
      // interleaved, the order alternating, so that load on the machine falls on both alike
      for (const isKnown of i % 2 === 0 ? [true, false] : [false, true]) {
        const ms = await timedRequest(flow, isKnown ? email : `nobody.${i}.${tag}@example.com`);
        if (i >= WARMUP) (isKnown ? known : unknown).push(ms);
      }
    }
    const medians = { knownMs: Math.round(median(known) * 10) / 10, unknownMs: Math.round(median(unknown) * 10) / 10 };
    const ratio = median(unknown) / median(known);
    // on failure the medians are shown beside the verdict
    expect({ ...medians, equal: ratio >= 0.8 && ratio <= 1.25 }).toEqual({ ...medians, equal: true });
  });
});
