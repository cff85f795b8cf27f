import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KratosError } from '@gatehouse/contracts';
import { PaginationError, QueryValue, firstQueryValue } from '@gatehouse/platform';
import { identityIdParam, notFound } from '../admin-identities/admin-identity.errors';
import { NO_CACHE } from '../http/answer';
import { HistoryEvent, IdentityHistoryQueries, historyPagination } from './identity-history.queries';

/** GET /admin/identities/{id}/events (beyond Kratos): an identity's audit history, oldest first, in keyset pages
 * with Kratos's Link header; 404 when no event ever named the identity. */
@Controller('admin/identities')
export class IdentityHistoryController {
  constructor(private readonly history: IdentityHistoryQueries) {}

  @Get(':id/events')
  async list(
    @Param('id') id: string,
    @Query() params: Record<string, QueryValue>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEvent[]> {
    const identityId = identityIdParam(id);
    let pageSize: number;
    let after;
    try {
      pageSize = historyPagination.parsePageSize(firstQueryValue(params.page_size));
      after = historyPagination.decodeToken(firstQueryValue(params.page_token));
    } catch (e) {
      if (e instanceof PaginationError) throw KratosError.badRequest(e.message);
      throw e;
    }
    const page = await this.history.page(identityId, after, pageSize);
    if (page.items.length === 0 && after === undefined) throw notFound();
    void reply
      .header('cache-control', NO_CACHE)
      .header('link', historyPagination.linkHeaders(req.url.split('?')[0]!, {}, pageSize, page.next).join(','));
    return page.items;
  }
}
