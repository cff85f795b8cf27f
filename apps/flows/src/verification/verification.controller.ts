import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserErrorFilter } from '../errors/browser-error.filter';
import { send } from '../http/answer';
import { clientOf } from '../http/client';
import { VerificationHandler } from './verification.handler';

/** Kratos's public verification routes: native (api), browser, SPA, and the link in the mail (GET with code= or token=). */
@Controller('self-service/verification')
export class VerificationController {
  constructor(private readonly verification: VerificationHandler) {}

  @Get('api')
  async createApi(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    const client = clientOf(req);
    client.api = true;
    await send(reply, await this.verification.createFlow('api', client, query));
  }

  @Get('browser')
  @UseFilters(BrowserErrorFilter)
  async createBrowser(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.verification.createFlow('browser', clientOf(req), query));
  }

  @Get('flows')
  async get(@Req() req: FastifyRequest, @Query('id') id: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.verification.getFlow(id, clientOf(req)));
  }

  @Get()
  @UseFilters(BrowserErrorFilter)
  async openLink(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.verification.openLink(query.flow, query, clientOf(req)));
  }

  @Post()
  @UseFilters(BrowserErrorFilter)
  async submit(@Req() req: FastifyRequest, @Query('flow') flow: unknown, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.verification.submit(flow, body, clientOf(req)));
  }
}
