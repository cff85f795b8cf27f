/** Keyset pagination over courier messages, newest first: a page token names the last row of the
 * previous page by (created_at, id). The token is opaque to clients (base64url JSON), as Kratos's is. */
export interface PageKey {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kratos's documented default for courier messages (§0: `kratos:persistence/sql`), and the OpenAPI maximum. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;

export class PaginationError extends Error {}

/** No key: the first page (Kratos's "default token", which its rel="first" link carries). */
export function encodePageToken(key: PageKey | undefined): string {
  const payload = key ? { t: key.createdAt.toISOString(), i: key.id } : {};
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The key a token names, undefined for the first page; PaginationError for anything crafted. */
export function decodePageToken(token: string | undefined): PageKey | undefined {
  if (token === undefined || token === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new PaginationError('the page token is invalid, do not craft your own page tokens');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PaginationError('the page token is invalid, do not craft your own page tokens');
  const { t, i } = parsed as { t?: unknown; i?: unknown };
  if (t === undefined && i === undefined) return undefined;
  const createdAt = typeof t === 'string' ? new Date(t) : new Date(NaN);
  if (typeof i !== 'string' || !UUID.test(i) || Number.isNaN(createdAt.getTime())) {
    throw new PaginationError('the page token is invalid, do not craft your own page tokens');
  }
  return { createdAt, id: i.toLowerCase() };
}

/** page_size as Kratos's keyset pagination reads it: absent → default; not a positive integer → error;
 * above the maximum → the maximum. */
export function parsePageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new PaginationError('page_size must be a positive integer');
  return Math.min(Number(raw), MAX_PAGE_SIZE);
}

/** The Link header values, as Kratos's keysetpagination.Header writes them: rel="first" (with the
 * first-page token) always, rel="next" only when another page follows. The filters are kept. */
export function linkHeaders(path: string, filters: Record<string, string | undefined>, pageSize: number, next: PageKey | undefined): string[] {
  const link = (token: string, rel: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, v);
    params.set('page_token', token);
    params.set('page_size', String(pageSize));
    return `<${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(encodePageToken(undefined), 'first')];
  if (next) links.push(link(encodePageToken(next), 'next'));
  return links;
}
