import { KeysetPagination, PaginationError } from '@gatehouse/platform';

/** Keyset pagination over courier messages, newest first: a page token names the last row of the
 * previous page by (created_at, id). The token is opaque to clients (base64url JSON), as Kratos's is.
 * The mechanics (token codec, page_size, Link header) are the shared @gatehouse/platform helper. */
export interface PageKey {
  createdAt: Date;
  id: string;
}

export { PaginationError };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kratos's documented default for courier messages (§0: `kratos:persistence/sql`), and the OpenAPI maximum. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;

export const courierPagination = new KeysetPagination<PageKey>({
  defaultPageSize: DEFAULT_PAGE_SIZE,
  maxPageSize: MAX_PAGE_SIZE,
  toJson: (key) => ({ t: key.createdAt.toISOString(), i: key.id }),
  fromJson: ({ t, i }) => {
    const createdAt = typeof t === 'string' ? new Date(t) : new Date(NaN);
    if (typeof i !== 'string' || !UUID.test(i) || Number.isNaN(createdAt.getTime())) return undefined;
    return { createdAt, id: i.toLowerCase() };
  },
});

/** No key: the first page (Kratos's "default token", which its rel="first" link carries). */
export function encodePageToken(key: PageKey | undefined): string {
  return courierPagination.encodeToken(key);
}

/** The key a token names, undefined for the first page; PaginationError for anything crafted. */
export function decodePageToken(token: string | undefined): PageKey | undefined {
  return courierPagination.decodeToken(token);
}

/** page_size: absent → 10; not a positive integer → error; above 1000 → 1000. */
export function parsePageSize(raw: string | undefined): number {
  return courierPagination.parsePageSize(raw);
}

/** rel="first" always, rel="next" only when another page follows; the filters are kept. */
export function linkHeaders(path: string, filters: Record<string, string | undefined>, pageSize: number, next: PageKey | undefined): string[] {
  return courierPagination.linkHeaders(path, filters, pageSize, next);
}
