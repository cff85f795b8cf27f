import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestUrl } from '../http/request-url';
import { RegistrationHandler, Reply } from './registration.handler';

/** Kratos's public registration routes for native (API) clients; the gateway forwards them here verbatim. */
@Controller('self-service/registration')
export class RegistrationController {
  constructor(private readonly registration: RegistrationHandler) {}

  @Get('api')
  async createApi(@Req() req: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    const flow = await this.registration.createApiFlow(requestUrl(req), { identity_schema: query.identity_schema, return_to: query.return_to });
    await send(reply, { status: 200, body: flow });
  }

  @Get('flows')
  async get(@Query('id') id: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.registration.getFlow(id));
  }

  @Post()
  async submit(@Query('flow') flow: unknown, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.registration.submit(flow, body));
  }
}

async function send(reply: FastifyReply, r: Reply): Promise<void> {
  await reply.code(r.status).header('cache-control', 'private, no-cache, no-store, must-revalidate').send(r.body);
}
