import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserErrorFilter } from '../errors/browser-error.filter';
import { send } from '../http/answer';
import { clientOf } from '../http/client';
import { SessionCookie } from '../session/session-cookie';
import { sessionTokenOf } from '../session/session-token';
import { SettingsHandler } from './settings.handler';

/** Kratos's public settings routes (password method only for now). */
@Controller('self-service/settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsHandler,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('api')
  async createApi(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    const client = clientOf(req);
    client.api = true;
    await send(reply, await this.settings.createFlow('api', client, query, sessionTokenOf(req, this.cookie.name)));
  }

  @Get('browser')
  @UseFilters(BrowserErrorFilter)
  async createBrowser(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.settings.createFlow('browser', clientOf(req), query, sessionTokenOf(req, this.cookie.name)));
  }

  @Get('flows')
  async get(@Req() req: FastifyRequest, @Query('id') id: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.settings.getFlow(id, clientOf(req), sessionTokenOf(req, this.cookie.name)));
  }

  @Post()
  @UseFilters(BrowserErrorFilter)
  async submit(@Req() req: FastifyRequest, @Query('flow') flow: unknown, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.settings.submit(flow, body, clientOf(req), sessionTokenOf(req, this.cookie.name)));
  }
}
