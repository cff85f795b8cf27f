import { KratosError } from '@gatehouse/contracts';
import { COMBINED_FILTERS, identityPagination, IDENTITY_DEFAULT_PAGE_SIZE, IDENTITY_MAX_PAGE_SIZE, ListIdentitiesParams, parseListIdentitiesQuery } from './list-identities.query';

const A = '0b6c5f0e-8d4a-4c1e-9f3a-2f1e5d6c7b8a';
const B = '1c7d6f1f-9e5b-4d2f-8a4b-3f2e6d7c8b9a';

function rejects(params: ListIdentitiesParams): KratosError {
  try {
    parseListIdentitiesQuery(params);
  } catch (e) {
    expect(e).toBeInstanceOf(KratosError);
    expect((e as KratosError).code).toBe(400);
    return e as KratosError;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be refused`);
}

describe('identity page tokens (pure)', () => {
  it('round-trips an id through an opaque, URL-safe token', () => {
    const token = identityPagination.encodeToken(A);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(identityPagination.decodeToken(token)).toBe(A);
    expect(identityPagination.decodeToken(identityPagination.encodeToken(A.toUpperCase()))).toBe(A);
  });

  it('the first-page token and an absent token name no key', () => {
    expect(identityPagination.decodeToken(identityPagination.encodeToken(undefined))).toBeUndefined();
    expect(identityPagination.decodeToken(undefined)).toBeUndefined();
  });

  it.each(['%%%', Buffer.from('[1]').toString('base64url'), Buffer.from('{"i":"not-a-uuid"}').toString('base64url'), Buffer.from('{"x":1}').toString('base64url')])(
    'refuses a crafted token %s with 400',
    (page_token) => {
      expect(rejects({ page_token }).body.reason).toMatch(/page token is invalid/);
    },
  );

  it('writes rel="first" always and rel="next" only when another page follows, repeating array filters', () => {
    const links = identityPagination.linkHeaders('/admin/identities', { ids: [A, B], credentials_identifier: '' }, 2, A);
    expect(links).toEqual([
      `</admin/identities?ids=${A}&ids=${B}&page_token=${identityPagination.encodeToken(undefined)}&page_size=2>; rel="first"`,
      `</admin/identities?ids=${A}&ids=${B}&page_token=${identityPagination.encodeToken(A)}&page_size=2>; rel="next"`,
    ]);
    expect(identityPagination.linkHeaders('/admin/identities', {}, 2, undefined)).toHaveLength(1);
  });
});

describe('parseListIdentitiesQuery (pure)', () => {
  it('defaults to the first page of 250, all identities, no credentials', () => {
    expect(parseListIdentitiesQuery({})).toEqual({
      filter: { kind: 'all' },
      pageSize: IDENTITY_DEFAULT_PAGE_SIZE,
      includeCredentials: false,
      linkFilters: { ids: [], credentials_identifier: '', preview_credentials_identifier_similar: '', include_credential: [], organization_id: undefined },
    });
    expect(IDENTITY_DEFAULT_PAGE_SIZE).toBe(250);
  });

  it('reads page_size, clamps it to 500, maps per_page alone to page_size and refuses garbage', () => {
    expect(parseListIdentitiesQuery({ page_size: '2' }).pageSize).toBe(2);
    expect(parseListIdentitiesQuery({ page_size: '100000' }).pageSize).toBe(IDENTITY_MAX_PAGE_SIZE);
    expect(IDENTITY_MAX_PAGE_SIZE).toBe(500);
    expect(parseListIdentitiesQuery({ per_page: '7' }).pageSize).toBe(7);
    expect(parseListIdentitiesQuery({ per_page: '7', page_size: '3' }).pageSize).toBe(3);
    for (const bad of ['0', '-1', 'ten', '1.5']) rejects({ page_size: bad });
    rejects({ per_page: 'x' });
  });

  it('refuses legacy page pagination', () => {
    rejects({ page: '1', per_page: '10' });
  });

  it('carries the page token as the last id of the previous page', () => {
    expect(parseListIdentitiesQuery({ page_token: identityPagination.encodeToken(B) }).after).toBe(B);
  });

  it('reads repeated ids, lower-cases and de-duplicates them, and refuses malformed ones', () => {
    expect(parseListIdentitiesQuery({ ids: [A, B.toUpperCase(), B] }).filter).toEqual({ kind: 'ids', ids: [A, B] });
    expect(parseListIdentitiesQuery({ ids: A }).filter).toEqual({ kind: 'ids', ids: [A] });
    expect(rejects({ ids: [A, 'nope'] }).body.reason).toMatch(/nope/);
    rejects({ ids: Array.from({ length: 501 }, (_, n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`) });
  });

  it('normalizes credentials_identifier as flows stores it and includes credentials', () => {
    // password identifiers are stored trimmed and lower-cased, whatever their format (Kratos's rule)
    expect(parseListIdentitiesQuery({ credentials_identifier: ' AdaL ' }).filter).toEqual({ kind: 'identifier', normalized: 'adal', raw: ' AdaL ' });
    const q = parseListIdentitiesQuery({ credentials_identifier: ' Ada@Example.com' });
    expect(q.filter).toEqual({ kind: 'identifier', normalized: 'ada@example.com', raw: ' Ada@Example.com' });
    expect(q.includeCredentials).toBe(true);
  });

  it('include_credential takes known credential types (repeatable) and refuses others', () => {
    expect(parseListIdentitiesQuery({ include_credential: 'password' }).includeCredentials).toBe(true);
    expect(parseListIdentitiesQuery({ include_credential: ['password', 'oidc'] }).linkFilters.include_credential).toEqual(['password', 'oidc']);
    rejects({ include_credential: 'hash' });
  });

  it.each<[string, ListIdentitiesParams]>([
    ['credentials_identifier with ids', { credentials_identifier: 'ada@example.com', ids: A }],
    ['preview_credentials_identifier_similar with ids', { preview_credentials_identifier_similar: 'ada', ids: A }],
    ['credentials_identifier with a page token', { credentials_identifier: 'ada@example.com', page_token: identityPagination.encodeToken(A) }],
    ['ids with a page token', { ids: A, page_token: identityPagination.encodeToken(A) }],
  ])('refuses %s: "%s"', (_case, params) => {
    expect(rejects(params).body.reason).toBe(COMBINED_FILTERS);
  });

  it('refuses credentials_identifier with preview_credentials_identifier_similar, as Kratos does', () => {
    expect(rejects({ credentials_identifier: 'a', preview_credentials_identifier_similar: 'a' }).body.reason).toMatch(/Cannot pass both/);
  });

  it('accepts the first-page token (what rel="first" carries) with lookups', () => {
    expect(parseListIdentitiesQuery({ ids: A, page_token: identityPagination.encodeToken(undefined) }).filter).toEqual({ kind: 'ids', ids: [A] });
  });

  it('validates organization_id', () => {
    expect(parseListIdentitiesQuery({ organization_id: A }).organizationId).toBe(A);
    rejects({ organization_id: 'org' });
  });
});
