import { KratosError, normalizeIdentifier } from '@gatehouse/contracts';
import { allQueryValues, firstQueryValue, KeysetPagination, PaginationError, QueryValue } from '@gatehouse/platform';

/** GET /admin/identities: query parsing and validation (pure; the controller turns the result into SQL).
 *
 * Ordering: by identity id ascending, as Kratos's keyset pagination over `identities` does (`id > token`).
 * A page token names the last id of the previous page ({"i": uuid}, base64url JSON). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** §0: identities default to 250 per page, at most 500; `ids` accepts at most 500 ids. */
export const IDENTITY_DEFAULT_PAGE_SIZE = 250;
export const IDENTITY_MAX_PAGE_SIZE = 500;
export const MAX_IDS = 500;

export const identityPagination = new KeysetPagination<string>({
  defaultPageSize: IDENTITY_DEFAULT_PAGE_SIZE,
  maxPageSize: IDENTITY_MAX_PAGE_SIZE,
  toJson: (id) => ({ i: id }),
  fromJson: ({ i }) => (typeof i === 'string' && UUID.test(i) ? i.toLowerCase() : undefined),
});

/** Kratos's credential types (§7); `include_credential` must name one of them. */
export const CREDENTIAL_TYPES = ['password', 'oidc', 'totp', 'lookup_secret', 'webauthn', 'code', 'passkey', 'saml', 'deviceauthn', 'profile'] as const;

export const COMBINED_FILTERS = 'You cannot combine multiple filters in this API';

export type IdentityListFilter =
  | { kind: 'all' }
  | { kind: 'ids'; ids: string[] }
  /** `normalized` matches password/webauthn/code identifiers, `raw` matches oidc ones (Kratos's ListIdentities). */
  | { kind: 'identifier'; normalized: string; raw: string }
  | { kind: 'similar'; value: string };

export interface ListIdentitiesQuery {
  filter: IdentityListFilter;
  /** Always null in this read model (no organizations): a given organization_id matches nothing. */
  organizationId?: string;
  pageSize: number;
  /** The last id of the previous page; undefined for the first page. */
  after?: string;
  /** Credential metadata is included when set (or with credentials_identifier), as Kratos expands credentials. */
  includeCredentials: boolean;
  /** What the Link header repeats besides page_token/page_size. */
  linkFilters: Record<string, QueryValue>;
}

export type ListIdentitiesParams = Partial<
  Record<
    'page_size' | 'page_token' | 'per_page' | 'page' | 'ids' | 'credentials_identifier' | 'preview_credentials_identifier_similar' | 'include_credential' | 'organization_id' | 'consistency',
    QueryValue
  >
>;


/** Parses and validates the list query; a KratosError 400 for anything Kratos refuses. */
export function parseListIdentitiesQuery(query: ListIdentitiesParams): ListIdentitiesQuery {
  const identifier = firstQueryValue(query.credentials_identifier) ?? '';
  const similar = firstQueryValue(query.preview_credentials_identifier_similar) ?? '';
  const rawIds = allQueryValues(query.ids).filter((id) => id !== '');
  const organizationId = firstQueryValue(query.organization_id) || undefined;

  if (identifier !== '' && similar !== '') throw KratosError.badRequest('Cannot pass both credentials_identifier and preview_credentials_identifier_similar.');
  if (rawIds.length > 0 && (identifier !== '' || similar !== '')) throw KratosError.badRequest(COMBINED_FILTERS);

  const bad = rawIds.find((id) => !UUID.test(id));
  if (bad !== undefined) throw KratosError.badRequest(`ids must be UUIDs; "${bad}" is not`);
  const ids = [...new Set(rawIds.map((id) => id.toLowerCase()))];
  if (ids.length > MAX_IDS) throw KratosError.badRequest(`ids accepts at most ${MAX_IDS} ids`);
  if (organizationId !== undefined && !UUID.test(organizationId)) throw KratosError.badRequest('organization_id must be a UUID');

  const includeTypes = allQueryValues(query.include_credential).filter((t) => t !== '');
  for (const type of includeTypes) {
    if (!(CREDENTIAL_TYPES as readonly string[]).includes(type)) throw KratosError.badRequest(`Invalid value \`${type}\` for parameter \`include_credential\`.`);
  }

  // Keyset pagination; the deprecated per_page alone means page_size (§0). `page` (legacy offset paging) is not served.
  if (firstQueryValue(query.page) !== undefined && firstQueryValue(query.page) !== '') {
    throw KratosError.badRequest('legacy page pagination is not supported, use page_size and page_token');
  }
  let pageSize: number;
  let after: string | undefined;
  try {
    pageSize = identityPagination.parsePageSize(firstQueryValue(query.page_size) || firstQueryValue(query.per_page));
    after = identityPagination.decodeToken(firstQueryValue(query.page_token));
  } catch (e) {
    if (e instanceof PaginationError) throw KratosError.badRequest(e.message);
    throw e;
  }
  // ids and credentials_identifier are lookups, not pageable lists: a token past the first page is refused
  // (the first-page token, which the rel="first" link carries, is the same as none).
  if (after !== undefined && (ids.length > 0 || identifier !== '')) throw KratosError.badRequest(COMBINED_FILTERS);

  let filter: IdentityListFilter = { kind: 'all' };
  if (ids.length > 0) filter = { kind: 'ids', ids };
  else if (identifier !== '') filter = { kind: 'identifier', normalized: normalizeIdentifier(identifier, 'password'), raw: identifier };
  else if (similar !== '') filter = { kind: 'similar', value: similar.trim() };

  return {
    filter,
    ...(organizationId !== undefined ? { organizationId: organizationId.toLowerCase() } : {}),
    pageSize,
    ...(after !== undefined ? { after } : {}),
    includeCredentials: includeTypes.length > 0 || identifier !== '',
    linkFilters: {
      ids: rawIds,
      credentials_identifier: identifier,
      preview_credentials_identifier_similar: similar,
      include_credential: includeTypes,
      organization_id: organizationId,
    },
  };
}
