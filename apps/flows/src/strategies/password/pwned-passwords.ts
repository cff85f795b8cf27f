import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Counter, Registry } from 'prom-client';
import { registeredCounter } from '../../metrics/metrics.registry';
import { TtlCache } from './ttl-cache';

/** Why a lookup gave no answer: no connection, no answer within the timeout, a non-200 status, an unreadable body. */
export type LookupFailure = 'network' | 'timeout' | 'status' | 'malformed';

export type BreachLookup = { available: true; count: number } | { available: false; failure: LookupFailure };

/** What the password policy needs from a breach corpus (a fake in unit tests). */
export interface BreachCounter {
  count(password: string): Promise<BreachLookup>;
}

export interface PwnedPasswordsOptions {
  /** `haveibeenpwned_host`: a host name (https implied) or an http(s):// origin. */
  host: string;
  timeoutMs?: number;
  cacheEntries?: number;
  cacheTtlMs?: number;
}

export const HIBP_UNAVAILABLE_METRIC = 'gatehouse_hibp_unavailable_total';

export function hibpUnavailableCounter(registry: Registry): Counter<'reason'> {
  return registeredCounter(registry, HIBP_UNAVAILABLE_METRIC, 'Breached-password lookups that got no usable answer from the range API.', ['reason']);
}

/** `https://<host>` for a bare host, the origin itself when the value carries an http(s) scheme. */
export function rangeBaseUrl(host: string): string {
  const trimmed = host.replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/**
 * haveibeenpwned's k-anonymity range API: only the first 5 hex characters of the password's SHA-1 leave the process
 * (`GET /range/ABCDE`); the suffix is matched here. Answers are cached (bounded, with a TTL, keyed by a keyed hash so
 * the cache holds no plain SHA-1 of a password), concurrent lookups of one password share one request, and
 * failures are counted in `gatehouse_hibp_unavailable_total{reason}` and never cached.
 */
export class PwnedPasswords implements BreachCounter {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly cache: TtlCache<string, number>;
  private readonly inFlight = new Map<string, Promise<BreachLookup>>();
  private readonly cacheKey = randomBytes(32);

  constructor(
    options: PwnedPasswordsOptions,
    private readonly unavailable: Counter<'reason'>,
  ) {
    this.baseUrl = rangeBaseUrl(options.host);
    this.timeoutMs = options.timeoutMs ?? 1_000;
    this.cache = new TtlCache(options.cacheEntries ?? 10_000, options.cacheTtlMs ?? 3_600_000);
  }

  async count(password: string): Promise<BreachLookup> {
    const sha1 = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
    const key = createHmac('sha256', this.cacheKey).update(sha1).digest('base64url');
    const cached = this.cache.get(key);
    if (cached !== undefined) return { available: true, count: cached };
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.fetchCount(sha1.slice(0, 5), sha1.slice(5)).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    const result = await lookup;
    if (result.available) this.cache.set(key, result.count);
    else this.unavailable.inc({ reason: result.failure });
    return result;
  }

  private async fetchCount(prefix: string, suffix: string): Promise<BreachLookup> {
    let body: string;
    try {
      const res = await fetch(`${this.baseUrl}/range/${prefix}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
        headers: { accept: 'text/plain', 'add-padding': 'true' },
      });
      if (res.status !== 200) {
        await res.body?.cancel();
        return { available: false, failure: 'status' };
      }
      body = await res.text();
    } catch (e) {
      const name = (e as Error).name;
      return { available: false, failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
    }
    return countIn(body, suffix);
  }
}

/** Finds `SUFFIX:COUNT` for our suffix in a range answer; a line without a colon counts as 1, an absent suffix as 0. */
export function countIn(body: string, suffix: string): BreachLookup {
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    const lineSuffix = colon < 0 ? line : line.slice(0, colon);
    if (lineSuffix.toUpperCase() !== suffix) continue;
    if (colon < 0) return { available: true, count: 1 };
    const count = line.slice(colon + 1).trim();
    return /^\d+$/.test(count) ? { available: true, count: Number(count) } : { available: false, failure: 'malformed' };
  }
  return { available: true, count: 0 };
}
