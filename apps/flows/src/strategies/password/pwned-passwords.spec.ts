import { Registry } from 'prom-client';
import { HIBP_UNAVAILABLE_METRIC, countIn, hibpUnavailableCounter, rangeBaseUrl } from './pwned-passwords';

const suffix = '1E4C9B93F3F0682250B6CF8331B7EE68FD8';

describe('range answer parsing', () => {
  it('finds the count of our suffix among the others, case-insensitively, with CRLF line ends', () => {
    const body = `0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n${suffix.toLowerCase()}:3730471\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2\r\n`;
    expect(countIn(body, suffix)).toEqual({ available: true, count: 3730471 });
  });

  it('counts 0 when the suffix is absent, and reads padding entries (count 0) as not breached', () => {
    expect(countIn('0018A45C4D1DEF81644B54AB7F969B88D65:1', suffix)).toEqual({ available: true, count: 0 });
    expect(countIn(`${suffix}:0`, suffix)).toEqual({ available: true, count: 0 });
    expect(countIn('', suffix)).toEqual({ available: true, count: 0 });
  });

  it('counts a line without a colon as 1', () => {
    expect(countIn(`0018A45C4D1DEF81644B54AB7F969B88D65:9\n${suffix}\n`, suffix)).toEqual({ available: true, count: 1 });
  });

  it('reports an unreadable count for our suffix as malformed, and ignores junk on other lines', () => {
    expect(countIn(`${suffix}:lots`, suffix)).toEqual({ available: false, failure: 'malformed' });
    expect(countIn(`junk line\n0018A45C4D1DEF81644B54AB7F969B88D65:x\n${suffix}:2`, suffix)).toEqual({ available: true, count: 2 });
  });
});

describe('range API location', () => {
  it.each([
    ['api.pwnedpasswords.com', 'https://api.pwnedpasswords.com'],
    ['hibp.internal:8443', 'https://hibp.internal:8443'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['https://hibp.example/', 'https://hibp.example'],
  ])('%s → %s', (host, base) => {
    expect(rangeBaseUrl(host)).toBe(base);
  });
});

describe('unavailability counter', () => {
  it('is registered once per registry, so two module instances share it', () => {
    const registry = new Registry();
    const a = hibpUnavailableCounter(registry);
    const b = hibpUnavailableCounter(registry);
    expect(b).toBe(a);
    expect(registry.getSingleMetric(HIBP_UNAVAILABLE_METRIC)).toBe(a);
  });
});
