import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KratosError } from '@gatehouse/contracts';
import { firstQueryValue as one } from '@gatehouse/platform';
import { CourierMessages } from './courier-messages';
import { MessageView, toMessageView } from './message.view';
import { isMessageStatus } from './message-status';
import { decodePageToken, linkHeaders, PageKey, PaginationError, parsePageSize } from './page-token';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

type ListQuery = Partial<Record<'status' | 'recipient' | 'page_size' | 'page_token', string | string[]>>;

/** Kratos's admin courier API (the gateway forwards :4434/admin/courier/messages… here verbatim).
 * The paths without /admin are what Kratos's admin port rewrites to the same routes. */
@Controller()
export class CourierController {
  constructor(private readonly messages: CourierMessages) {}

  @Get(['admin/courier/messages', 'courier/messages'])
  async list(@Query() query: ListQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MessageView[]> {
    void reply.header('cache-control', NO_CACHE);
    const status = one(query.status);
    const recipient = one(query.recipient);
    if (status !== undefined && status !== '' && !isMessageStatus(status)) {
      throw KratosError.badRequest(`status must be one of queued, processing, sent, abandoned; got "${status}"`);
    }
    let pageSize: number;
    let after: PageKey | undefined;
    try {
      pageSize = parsePageSize(one(query.page_size));
      after = decodePageToken(one(query.page_token));
    } catch (e) {
      if (e instanceof PaginationError) throw KratosError.badRequest(e.message);
      throw e;
    }
    const page = await this.messages.list({ status: status || undefined, recipient: recipient || undefined }, pageSize, after);
    const path = request.url.split('?')[0];
    void reply.header('link', linkHeaders(path, { status, recipient }, pageSize, page.next));
    return page.items.map(toMessageView);
  }

  @Get(['admin/courier/messages/:id', 'courier/messages/:id'])
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<MessageView> {
    void reply.header('cache-control', NO_CACHE);
    const found = UUID.test(id) ? await this.messages.get(id.toLowerCase()) : undefined;
    // Kratos answers an unknown message with sqlcon's ErrNoRows; a malformed id is treated the same.
    if (!found) throw new KratosError(404, { message: 'Unable to locate the resource' });
    return toMessageView(found);
  }
}
