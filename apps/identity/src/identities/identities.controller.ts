import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityView, KratosError } from '@gatehouse/contracts';
import { IdentityQueries, VersionedView } from './identity.queries';
import { identityPagination, ListIdentitiesParams, parseListIdentitiesQuery } from './list-identities.query';

/** Kratos's admin identity API (the gateway forwards :4434/admin/identities… here verbatim). Beyond Kratos, a GET
 * of one identity answers `ETag: "<version>"`: the version of the last event on its stream (`identity:<id>`) that
 * the read model has seen. PUT, PATCH and DELETE (apps/flows) take it back in `If-Match` and answer 412 when the
 * identity has moved on since. */
@Controller()
export class IdentitiesController {
  constructor(private readonly queries: IdentityQueries) {}

  /** GET /admin/identities: keyset pages ordered by id, with Kratos's Link header (rel="first", rel="next").
   * `/identities` is the same route (Kratos's admin port adds the /admin prefix). An `ids` lookup is one answer,
   * not a list to page through: it gets no Link header (Kratos repeats every id in it, twice, which makes the
   * header of a 500-ids lookup ~46 KiB, more than Node's HTTP clients accept). */
  @Get(['admin/identities', 'identities'])
  async listIdentities(@Query() params: ListIdentitiesParams, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView[]> {
    const query = parseListIdentitiesQuery(params);
    const page = await this.queries.list(query);
    const path = request.url.split('?')[0];
    if (query.filter.kind !== 'ids') void reply.header('link', identityPagination.linkHeaders(path, query.linkFilters, query.pageSize, page.next).join(','));
    return page.items;
  }

  /** GET /admin/identities/by/external/{externalID} (Kratos v25+); `/identities/by/external/{externalID}` as well. */
  @Get(['admin/identities/by/external/:externalId', 'identities/by/external/:externalId'])
  async getIdentityByExternalId(@Param('externalId') externalId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView> {
    return found(reply, await this.queries.adminViewByExternalId(externalId));
  }

  /** GET /admin/identities/{id}; `/identities/{id}` is the pre-v0.11 admin path, kept for old clients. */
  @Get(['admin/identities/:id', 'identities/:id'])
  async getIdentity(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView> {
    return found(reply, await this.queries.adminView(id));
  }
}

/** The identity with its ETag (a strong one: the stream version, `"3"`). Kratos answers an unknown (or unparsable)
 * id with sqlcon's ErrNoRows. */
function found(reply: FastifyReply, versioned: VersionedView | undefined): IdentityView {
  if (!versioned) throw new KratosError(404, { message: 'Unable to locate the resource' });
  if (versioned.version > 0) void reply.header('etag', `"${versioned.version}"`);
  return versioned.view;
}
