import { createHmac } from 'node:crypto';
import { base32Decode, base32Encode, dynamicTruncate, hotp, matchTotp, OtpAlgorithm, timeStep, totp } from './hotp';

const RFC4226_SECRET = Buffer.from('12345678901234567890');

describe('HOTP (RFC 4226 Appendix D)', () => {
  // count, HMAC-SHA-1, truncated (hex), truncated (decimal), HOTP
  const vectors: Array<[number, string, string, number, string]> = [
    [0, 'cc93cf18508d94934c64b65d8ba7667fb7cde4b0', '4c93cf18', 1284755224, '755224'],
    [1, '75a48a19d4cbe100644e8ac1397eea747a2d33ab', '41397eea', 1094287082, '287082'],
    [2, '0bacb7fa082fef30782211938bc1c5e70416ff44', '82fef30', 137359152, '359152'],
    [3, '66c28227d03a2d5529262ff016a1e6ef76557ece', '66ef7655', 1726969429, '969429'],
    [4, 'a904c900a64b35909874b33e61c5938a8e15ed1c', '61c5938a', 1640338314, '338314'],
    [5, 'a37e783d7b7233c083d4f62926c7a25f238d0316', '33c083d4', 868254676, '254676'],
    [6, 'bc9cd28561042c83f219324d3c607256c03272ae', '7256c032', 1918287922, '287922'],
    [7, 'a4fb960c0bc06e1eabb804e5b397cdc4b45596fa', '4e5b397', 82162583, '162583'],
    [8, '1b3c89f65e6c9e883012052823443f048b4332db', '2823443f', 673399871, '399871'],
    [9, '1637409809a679dc698207310c8c7fc07290d9e5', '2679dc69', 645520489, '520489'],
  ];

  it.each(vectors)('count %i: HMAC, dynamic truncation and the 6-digit value', (count, hmacHex, truncatedHex, truncated, code) => {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(count));
    const hmac = createHmac('sha1', RFC4226_SECRET).update(counter).digest();
    expect(hmac.toString('hex')).toBe(hmacHex);
    expect(dynamicTruncate(hmac)).toBe(truncated);
    expect(dynamicTruncate(hmac).toString(16)).toBe(truncatedHex);
    expect(hotp(RFC4226_SECRET, count)).toBe(code);
  });
});

describe('TOTP (RFC 6238 Appendix B, 8 digits, T0 = 0, X = 30)', () => {
  const seeds: Record<OtpAlgorithm, Buffer> = {
    SHA1: Buffer.from('12345678901234567890'),
    SHA256: Buffer.from('12345678901234567890123456789012'),
    SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  // time (s), T (hex), TOTP, mode
  const rows: Array<[number, string, string, OtpAlgorithm]> = [
    [59, '0000000000000001', '94287082', 'SHA1'],
    [59, '0000000000000001', '46119246', 'SHA256'],
    [59, '0000000000000001', '90693936', 'SHA512'],
    [1111111109, '00000000023523EC', '07081804', 'SHA1'],
    [1111111109, '00000000023523EC', '68084774', 'SHA256'],
    [1111111109, '00000000023523EC', '25091201', 'SHA512'],
    [1111111111, '00000000023523ED', '14050471', 'SHA1'],
    [1111111111, '00000000023523ED', '67062674', 'SHA256'],
    [1111111111, '00000000023523ED', '99943326', 'SHA512'],
    [1234567890, '000000000273EF07', '89005924', 'SHA1'],
    [1234567890, '000000000273EF07', '91819424', 'SHA256'],
    [1234567890, '000000000273EF07', '93441116', 'SHA512'],
    [2000000000, '0000000003F940AA', '69279037', 'SHA1'],
    [2000000000, '0000000003F940AA', '90698825', 'SHA256'],
    [2000000000, '0000000003F940AA', '38618901', 'SHA512'],
    [20000000000, '0000000027BC86AA', '65353130', 'SHA1'],
    [20000000000, '0000000027BC86AA', '77737706', 'SHA256'],
    [20000000000, '0000000027BC86AA', '47863826', 'SHA512'],
  ];

  it.each(rows)('%i s (T = %s): %s with %s', (seconds, stepHex, code, algorithm) => {
    const at = new Date(seconds * 1000);
    expect(timeStep(at).toString(16).toUpperCase().padStart(16, '0')).toBe(stepHex);
    expect(totp(seeds[algorithm], at, { digits: 8, algorithm, period: 30 })).toBe(code);
  });

  it('defaults to 6 digits of SHA-1 with 30 s steps (the last 6 digits of the 8-digit value)', () => {
    expect(totp(seeds.SHA1, new Date(59_000))).toBe('287082');
  });
});

describe('matchTotp', () => {
  const key = Buffer.from('12345678901234567890');
  const now = new Date(1_111_111_111_000);
  const step = timeStep(now);
  const opts = { digits: 6, algorithm: 'SHA1' as const, period: 30, skew: 1 };
  const codeAt = (s: number) => hotp(key, s);

  it('accepts a code of the current step or one step either side, answering its step', () => {
    expect(matchTotp(key, codeAt(step), now, opts)).toBe(step);
    expect(matchTotp(key, codeAt(step + 1), now, opts)).toBe(step + 1);
    expect(matchTotp(key, codeAt(step - 1), now, opts)).toBe(step - 1);
  });

  it('refuses codes two steps away, other lengths and steps the caller does not admit', () => {
    expect(matchTotp(key, codeAt(step + 2), now, opts)).toBeNull();
    expect(matchTotp(key, codeAt(step - 2), now, opts)).toBeNull();
    expect(matchTotp(key, codeAt(step).slice(1), now, opts)).toBeNull();
    expect(matchTotp(key, `${codeAt(step)}0`, now, opts)).toBeNull();
    expect(matchTotp(key, codeAt(step), now, { ...opts, acceptable: (s) => s > step })).toBeNull();
    expect(matchTotp(key, codeAt(step + 1), now, { ...opts, acceptable: (s) => s > step })).toBe(step + 1);
  });
});

describe('base32 (RFC 4648 §10, no padding)', () => {
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];

  it.each(vectors)('%j <-> %j', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded)?.toString()).toBe(plain);
  });

  it('decodes as pquerna/otp does: padding, lower case and surrounding spaces are fine; other text is not base32', () => {
    expect(base32Decode(' mzxw6ytboi====== ')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW6===')?.toString()).toBe('foo');
    expect(base32Decode('MZ1W')).toBeNull();
    expect(base32Decode('MZXW6YTBO')).toBeNull();
  });

  it('round-trips a 160-bit seed to 32 characters', () => {
    const seed = Buffer.from('0123456789abcdef0123', 'utf8');
    expect(base32Encode(seed)).toHaveLength(32);
    expect(base32Decode(base32Encode(seed))).toEqual(seed);
  });
});
