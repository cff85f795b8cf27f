import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserErrorFilter } from '../errors/browser-error.filter';
import { send } from '../http/answer';
import { clientOf } from '../http/client';
import { SessionCookie } from '../session/session-cookie';
import { sessionTokenOf } from '../session/session-token';
import { RecoveryAdmin } from './recovery-admin';
import { RecoveryHandler } from './recovery.handler';

/** Kratos's public recovery routes: native (api), browser, SPA, and the link (GET with token= or code=). */
@Controller('self-service/recovery')
export class RecoveryController {
  constructor(
    private readonly recovery: RecoveryHandler,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('api')
  async createApi(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    const client = clientOf(req);
    client.api = true;
    await send(reply, await this.recovery.createFlow('api', client, query, sessionTokenOf(req, this.cookie.name)));
  }

  @Get('browser')
  @UseFilters(BrowserErrorFilter)
  async createBrowser(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.recovery.createFlow('browser', clientOf(req), query, sessionTokenOf(req, this.cookie.name)));
  }

  @Get('flows')
  async get(@Req() req: FastifyRequest, @Query('id') id: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.recovery.getFlow(id, clientOf(req)));
  }

  @Get()
  @UseFilters(BrowserErrorFilter)
  async openLink(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.recovery.openLink(query.flow, query, clientOf(req)));
  }

  @Post()
  @UseFilters(BrowserErrorFilter)
  async submit(@Req() req: FastifyRequest, @Query('flow') flow: unknown, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.recovery.submit(flow, body, clientOf(req)));
  }
}

/** Kratos's admin recovery routes (the gateway's admin listener forwards /admin/recovery/* here). */
@Controller('admin/recovery')
export class RecoveryAdminController {
  constructor(private readonly admin: RecoveryAdmin) {}

  @Post('code')
  @HttpCode(201)
  code(@Body() body: unknown) {
    return this.admin.code(body);
  }

  @Post('link')
  @HttpCode(200)
  link(@Body() body: unknown) {
    return this.admin.link(body);
  }
}
