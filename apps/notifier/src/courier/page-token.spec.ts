import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PaginationError, decodePageToken, encodePageToken, linkHeaders, parsePageSize } from './page-token';

describe('courier message pagination (pure)', () => {
  const key = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: '0b6c5f0e-8d4a-4c1e-9f3a-2f1e5d6c7b8a' };

  it('round-trips a key through an opaque, URL-safe token', () => {
    const token = encodePageToken(key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token)).toEqual(key);
  });

  it('the first-page token and an absent token name no key', () => {
    expect(decodePageToken(encodePageToken(undefined))).toBeUndefined();
    expect(decodePageToken(undefined)).toBeUndefined();
    expect(decodePageToken('')).toBeUndefined();
  });

  it.each(['%%%', Buffer.from('[1]').toString('base64url'), Buffer.from('{"t":"soon","i":"x"}').toString('base64url'), Buffer.from('null').toString('base64url'), Buffer.from('{"i":"0b6c5f0e-8d4a-4c1e-9f3a-2f1e5d6c7b8a"}').toString('base64url')])(
    'rejects a crafted token %s',
    (token) => {
      expect(() => decodePageToken(token)).toThrow(PaginationError);
    },
  );

  it('reads page_size with Kratos\'s courier default, clamps to the maximum and rejects garbage', () => {
    expect(parsePageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(DEFAULT_PAGE_SIZE).toBe(10);
    expect(parsePageSize('3')).toBe(3);
    expect(parsePageSize('100000')).toBe(MAX_PAGE_SIZE);
    for (const bad of ['0', '-1', 'ten', '1.5']) expect(() => parsePageSize(bad)).toThrow(PaginationError);
  });

  it('writes rel="first" always and rel="next" only when another page follows, keeping the filters', () => {
    const [first, next] = linkHeaders('/admin/courier/messages', { status: 'sent', recipient: undefined }, 2, key);
    expect(first).toBe(`</admin/courier/messages?status=sent&page_token=${encodePageToken(undefined)}&page_size=2>; rel="first"`);
    expect(next).toBe(`</admin/courier/messages?status=sent&page_token=${encodePageToken(key)}&page_size=2>; rel="next"`);
    expect(linkHeaders('/admin/courier/messages', {}, 2, undefined)).toHaveLength(1);
  });
});
