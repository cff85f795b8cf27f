/** Kratos-style keyset pagination (`kratos:oryx/pagination/keysetpagination`): `page_size` plus an opaque
 * `page_token` naming the last row of the previous page, and a `Link` header with rel="first" (always) and
 * rel="next" (only when another page follows). Tokens are base64url JSON; each list decides what its key holds. */

export class PaginationError extends Error {}

const CRAFTED = 'the page token is invalid, do not craft your own page tokens';

export interface KeysetPaginationOptions<K> {
  /** Kratos's per-list default and maximum page size (§0: identities 250/500, courier messages 10/1000). */
  defaultPageSize: number;
  maxPageSize: number;
  /** The key as a JSON object of strings; must not be `{}` (that is the first-page token). */
  toJson(key: K): Record<string, string>;
  /** The key a decoded (non-empty) token object names; undefined when anything in it is wrong. */
  fromJson(json: Record<string, unknown>): K | undefined;
}

/** Query values as Fastify parses them: a repeated parameter arrives as an array. */
export type QueryValue = string | string[] | undefined;

export class KeysetPagination<K> {
  constructor(private readonly options: KeysetPaginationOptions<K>) {}

  get defaultPageSize(): number {
    return this.options.defaultPageSize;
  }

  get maxPageSize(): number {
    return this.options.maxPageSize;
  }

  /** No key: the first page (Kratos's "default token", which its rel="first" link carries). */
  encodeToken(key: K | undefined): string {
    const payload = key === undefined ? {} : this.options.toJson(key);
    return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  }

  /** The key a token names, undefined for the first page; PaginationError for anything crafted. */
  decodeToken(token: string | undefined): K | undefined {
    if (token === undefined || token === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      throw new PaginationError(CRAFTED);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PaginationError(CRAFTED);
    if (Object.keys(parsed).length === 0) return undefined;
    const key = this.options.fromJson(parsed as Record<string, unknown>);
    if (key === undefined) throw new PaginationError(CRAFTED);
    return key;
  }

  /** page_size as Kratos's keyset pagination reads it: absent → default; not a positive integer → error;
   * above the maximum → the maximum. */
  parsePageSize(raw: string | undefined): number {
    if (raw === undefined || raw === '') return this.options.defaultPageSize;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new PaginationError('page_size must be a positive integer');
    return Math.min(Number(raw), this.options.maxPageSize);
  }

  /** The Link header values, as Kratos's keysetpagination.Header writes them: rel="first" (with the
   * first-page token) always, rel="next" only when another page follows. The filters are kept; an array
   * filter is repeated (`ids=a&ids=b`). */
  linkHeaders(path: string, filters: Record<string, QueryValue>, pageSize: number, next: K | undefined): string[] {
    const link = (token: string, rel: string) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) {
        for (const value of Array.isArray(v) ? v : [v]) if (value !== undefined && value !== '') params.append(k, value);
      }
      params.set('page_token', token);
      params.set('page_size', String(pageSize));
      return `<${path}?${params.toString()}>; rel="${rel}"`;
    };
    const links = [link(this.encodeToken(undefined), 'first')];
    if (next !== undefined) links.push(link(this.encodeToken(next), 'next'));
    return links;
  }
}

/** A repeated query parameter counts by its first value (Go's url.Values.Get). */
export function firstQueryValue(value: QueryValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a repeatable query parameter (Go's url.Values[key]). */
export function allQueryValues(value: QueryValue): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
