import { KratosError } from '@gatehouse/contracts';
import { KeysetPagination, PaginationError, QueryValue, allQueryValues, firstQueryValue } from '@gatehouse/platform';
import { isUuid } from '../persistence/flow.repository';
import { SessionPageKey } from './session-admin.queries';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const pagination = (maxPageSize: number) =>
  new KeysetPagination<SessionPageKey>({
    defaultPageSize: 250,
    maxPageSize,
    toJson: (key) => ({ t: key.issuedAt, i: key.id }),
    fromJson: ({ t, i }) => (typeof t === 'string' && ISO.test(t) && isUuid(i) ? { issuedAt: t, id: i.toLowerCase() } : undefined),
  });

/** Kratos's sessions lists (§0): GET /admin/sessions 250 / max 1000; GET /admin/identities/{id}/sessions 250 / max 500. */
export const sessionsPagination = pagination(1000);
export const identitySessionsPagination = pagination(500);

export type SessionListQueryParams = Record<string, QueryValue>;

export interface SessionListQuery {
  pageSize: number;
  after?: SessionPageKey;
  active?: boolean;
  expandIdentity: boolean;
  /** What the Link header repeats. */
  linkFilters: Record<string, QueryValue>;
}

/** Go's strconv.ParseBool, which Kratos applies to `active`. */
function parseActive(raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw KratosError.badRequest('could not parse parameter active');
}

/** `expand` (repeatable): identity and devices, as Kratos's ParseExpandables; anything else is a 400. */
export function parseExpand(raw: QueryValue): { identity: boolean; values: string[] } {
  const values = allQueryValues(raw);
  for (const v of values) if (!['identity', 'devices'].includes(v.toLowerCase())) throw KratosError.badRequest(`Could not parse expand option: ${v}`);
  return { identity: values.some((v) => v.toLowerCase() === 'identity'), values };
}

/** page_size / page_token (the deprecated per_page alone means page_size, §0; legacy `page` is not served),
 * `active` and, on the full list, `expand`. */
export function parseSessionListQuery(params: SessionListQueryParams, paging: KeysetPagination<SessionPageKey>): SessionListQuery {
  if (firstQueryValue(params.page) !== undefined) throw KratosError.badRequest('legacy page pagination is not supported, use page_size and page_token');
  const active = parseActive(firstQueryValue(params.active));
  const expand = parseExpand(params.expand);
  try {
    const pageSize = paging.parsePageSize(firstQueryValue(params.page_size) ?? firstQueryValue(params.per_page));
    const after = paging.decodeToken(firstQueryValue(params.page_token));
    const linkFilters: Record<string, QueryValue> = { active: firstQueryValue(params.active), expand: expand.values };
    return { pageSize, after, active, expandIdentity: expand.identity, linkFilters };
  } catch (e) {
    if (e instanceof PaginationError) throw KratosError.badRequest(e.message);
    throw e;
  }
}

/** Kratos parses path ids with uuid.FromString and answers a malformed one with 400. */
export function requireUuid(id: string): string {
  if (!isUuid(id)) throw KratosError.badRequest(`uuid: incorrect UUID format in string "${id}"`);
  return id.toLowerCase();
}
