import { Controller, Delete, Get, HttpCode, Param, Patch, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionView } from '@gatehouse/contracts';
import { KeysetPagination } from '@gatehouse/platform';
import { identitySessionsPagination, parseExpand, parseSessionListQuery, requireUuid, SessionListQueryParams, sessionsPagination } from './session-admin.params';
import { SessionPageKey } from './session-admin.queries';
import { SessionAdmin } from './session-admin.service';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

/** Kratos's admin session API (the gateway's admin listener forwards /admin/sessions* and
 * /admin/identities/{id}/sessions here, always with the /admin prefix). */
@Controller('admin')
export class SessionAdminController {
  constructor(private readonly admin: SessionAdmin) {}

  /** GET /admin/sessions: newest first, keyset pages with Kratos's Link header; `active`, `expand`. */
  @Get('sessions')
  list(@Query() params: SessionListQueryParams, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView[]> {
    return this.page(sessionsPagination, params, req, reply);
  }

  @Get('sessions/:id')
  get(@Param('id') id: string, @Query('expand') expand: string | string[] | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    void reply.header('cache-control', NO_CACHE);
    return this.admin.get(requireUuid(id), parseExpand(expand).identity);
  }

  /** Deactivates the session: whoami refuses it at once (SessionRevoked, reason revoked_by_admin). */
  @Delete('sessions/:id')
  @HttpCode(204)
  async disable(@Param('id') id: string): Promise<void> {
    await this.admin.disable(requireUuid(id));
  }

  @Patch('sessions/:id/extend')
  @HttpCode(200)
  extend(@Param('id') id: string): Promise<SessionView> {
    return this.admin.extend(requireUuid(id));
  }

  /** The identity's sessions, each with its identity (Kratos expands everything here). */
  @Get('identities/:id/sessions')
  listOfIdentity(@Param('id') id: string, @Query() params: SessionListQueryParams, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView[]> {
    return this.page(identitySessionsPagination, params, req, reply, requireUuid(id));
  }

  @Delete('identities/:id/sessions')
  @HttpCode(204)
  async revokeAllOfIdentity(@Param('id') id: string): Promise<void> {
    await this.admin.revokeAllOf(requireUuid(id));
  }

  private async page(
    paging: KeysetPagination<SessionPageKey>,
    params: SessionListQueryParams,
    req: FastifyRequest,
    reply: FastifyReply,
    identityId?: string,
  ): Promise<SessionView[]> {
    const parsed = parseSessionListQuery(params, paging);
    const query = identityId === undefined ? parsed : { ...parsed, expandIdentity: true };
    const page = await this.admin.list(query, identityId);
    void reply.header('cache-control', NO_CACHE).header('link', paging.linkHeaders(req.url.split('?')[0]!, query.linkFilters, query.pageSize, page.next).join(','));
    return page.items;
  }
}
