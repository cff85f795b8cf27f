import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestUrl } from '../http/request-url';
import { sessionTokenOf } from '../session/session-token';
import { LoginHandler, Reply } from './login.handler';

/** Kratos's public login routes for native (API) clients. */
@Controller('self-service/login')
export class LoginController {
  constructor(private readonly login: LoginHandler) {}

  @Get('api')
  async createApi(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.login.createApiFlow(requestUrl(req), query, sessionTokenOf(req)));
  }

  @Get('flows')
  async get(@Query('id') id: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.login.getFlow(id));
  }

  @Post()
  async submit(@Req() req: FastifyRequest, @Query('flow') flow: unknown, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.login.submit(flow, body, sessionTokenOf(req)));
  }
}

export async function send(reply: FastifyReply, r: Reply): Promise<void> {
  await reply.code(r.status).header('cache-control', 'private, no-cache, no-store, must-revalidate').send(r.body);
}
