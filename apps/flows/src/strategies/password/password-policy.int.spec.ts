import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { PwnedRangeServer as RangeServer, rangePath, sha1 } from '@gatehouse/testing';
import { Registry } from 'prom-client';
import { BreachCheckUnavailableError, PasswordPolicy, PasswordPolicyConfig } from './password.policy';
import { HIBP_UNAVAILABLE_METRIC, PwnedPasswords, hibpUnavailableCounter } from './pwned-passwords';

const basePolicy: PasswordPolicyConfig = {
  min_password_length: 8,
  max_password_length: 4096,
  identifier_similarity_check_enabled: true,
  haveibeenpwned_enabled: true,
  haveibeenpwned_host: 'set per test',
  max_breaches: 0,
  ignore_network_errors: true,
};

async function unavailableCount(registry: Registry, reason: string): Promise<number> {
  const metric = await hibpUnavailableCounter(registry).get();
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('PasswordPolicy against a haveibeenpwned range API (real HTTP on loopback)', () => {
  const hibp = new RangeServer().breached('password123', 251_682).breached('seen-five-times', 5);
  let host: string;
  let registry: Registry;

  function build(over: Partial<PasswordPolicyConfig> = {}, timeoutMs?: number) {
    const config = { ...basePolicy, haveibeenpwned_host: host, ...over };
    const breaches = new PwnedPasswords({ host: config.haveibeenpwned_host, timeoutMs }, hibpUnavailableCounter(registry));
    return new PasswordPolicy(config, breaches);
  }

  beforeAll(async () => {
    host = await hibp.start();
  });
  afterAll(() => hibp.stop());
  beforeEach(() => {
    registry = new Registry();
  });

  it('refuses a known-breached password with 4000034 and accepts a clean one', async () => {
    const before = hibp.requests.length;
    const policy = build();
    await expect(policy.check('password123', ['someone@example.com'])).resolves.toMatchObject({ id: 4000034, context: { breaches: 251_682 } });
    await expect(policy.check('v9#Tq!mZ2rL8wXp', ['someone@example.com'])).resolves.toBeUndefined();
    expect(hibp.requests.slice(before).map((r) => r.path)).toEqual([rangePath('password123'), rangePath('v9#Tq!mZ2rL8wXp')]);
  });

  it('sends only GET /range/<5 upper-case hex chars>: never the full hash, the suffix or the password', async () => {
    const passwords = ['password123', 'v9#Tq!mZ2rL8wXp', 'another-Clean-1'];
    const policy = build();
    for (const p of passwords) await policy.check(p, []);
    expect(hibp.requests.length).toBeGreaterThan(0);
    for (const r of hibp.requests) {
      expect(r.method).toBe('GET');
      expect(r.path).toMatch(/^\/range\/[0-9A-F]{5}$/);
    }
    const everything = hibp.requests.map((r) => r.raw).join('\n').toUpperCase();
    for (const p of passwords) {
      expect(everything).not.toContain(p.toUpperCase());
      expect(everything).not.toContain(sha1(p).slice(5));
    }
  });

  it('caches answers: the same password twice, and concurrently, costs one request', async () => {
    const policy = build();
    await policy.check('cache-me-once-1', []);
    await policy.check('cache-me-once-1', []);
    expect(hibp.pathsFor('cache-me-once-1')).toHaveLength(1);
    await Promise.all([policy.check('cache-me-twice-2', []), policy.check('cache-me-twice-2', [])]);
    expect(hibp.pathsFor('cache-me-twice-2')).toHaveLength(1);
  });

  it('honours max_breaches: refused only when the count is above it', async () => {
    await expect(build({ max_breaches: 5 }).check('seen-five-times', [])).resolves.toBeUndefined();
    await expect(build({ max_breaches: 4 }).check('seen-five-times', [])).resolves.toMatchObject({ id: 4000034, context: { breaches: 5 } });
  });

  describe('when the API is unreachable', () => {
    let closedHost: string;
    beforeAll(async () => {
      closedHost = `http://127.0.0.1:${await closedPort()}`;
    });

    it('accepts and counts the failure when ignore_network_errors is true', async () => {
      const policy = build({ haveibeenpwned_host: closedHost, ignore_network_errors: true });
      await expect(policy.check('password123', [])).resolves.toBeUndefined();
      expect(await unavailableCount(registry, 'network')).toBe(1);
      expect(await registry.metrics()).toContain(`${HIBP_UNAVAILABLE_METRIC}{reason="network"} 1`);
    });

    it('rejects with BreachCheckUnavailableError (and counts) when ignore_network_errors is false', async () => {
      const policy = build({ haveibeenpwned_host: closedHost, ignore_network_errors: false });
      const error = await policy.check('password123', []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BreachCheckUnavailableError);
      expect(error).toMatchObject({ code: 502, failure: 'network' });
      expect(await unavailableCount(registry, 'network')).toBe(1);
    });

    it('does not cache a failure: the next check asks again', async () => {
      const policy = build({ haveibeenpwned_host: closedHost });
      await policy.check('password123', []);
      await policy.check('password123', []);
      expect(await unavailableCount(registry, 'network')).toBe(2);
    });
  });

  it('treats a non-200 answer as unavailable', async () => {
    hibp.failWith.set(sha1('status-fails-1').slice(0, 5), 503);
    await expect(build({ ignore_network_errors: true }).check('status-fails-1', [])).resolves.toBeUndefined();
    await expect(build({ ignore_network_errors: false }).check('status-fails-1', [])).rejects.toMatchObject({ failure: 'status' });
    expect(await unavailableCount(registry, 'status')).toBe(2);
  });

  it('gives up after the timeout and counts it', async () => {
    hibp.hang.add(sha1('hangs-forever-1').slice(0, 5));
    const started = Date.now();
    await expect(build({ ignore_network_errors: false }, 200).check('hangs-forever-1', [])).rejects.toMatchObject({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await unavailableCount(registry, 'timeout')).toBe(1);
  });

  it('asks nothing when a local rule already refuses the password', async () => {
    const before = hibp.requests.length;
    await expect(build().check('password123', ['password123'])).resolves.toMatchObject({ id: 4000031 });
    expect(hibp.requests.length).toBe(before);
  });
});
