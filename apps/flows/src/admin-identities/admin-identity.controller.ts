import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityView } from '@gatehouse/contracts';
import { QueryValue, allQueryValues, firstQueryValue } from '@gatehouse/platform';
import { NO_CACHE } from '../http/answer';
import { identityIdParam as identityId } from './admin-identity.errors';
import { AdminIdentityHandler, AdminWrite } from './admin-identity.handler';
import { ifMatchOf, setEtagHeader } from './if-match';
import { IdentityImportHandler } from './identity-import.handler';
import { setAwaitHeader } from '../http/read-your-writes';
import { actorOf } from './read-your-writes';

/** Kratos's admin identity API, the write side: the gateway's admin listener forwards every non-GET
 * /admin/identities* here, and the GETs that ask for credential configs (only flows holds them). Every write that
 * appended events answers with the x-gatehouse-await header (read-your-writes through the gateway).
 * Beyond Kratos (if-match.ts): the GET and every write that leaves an identity (POST, PUT, PATCH) answer
 * `ETag: "<stream version>"`; PUT, PATCH and DELETE of one identity honour `If-Match` (412 when it names another
 * version, nothing changed; `*` or none: unconditional). */
@Controller('admin/identities')
export class AdminIdentityController {
  constructor(
    private readonly identities: AdminIdentityHandler,
    private readonly imports: IdentityImportHandler,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView> {
    return this.answer(reply, await this.identities.create(body, actorOf(req)));
  }

  /** Batch: 200 with one result per patch when at least one identity was created, else the first error. */
  @Patch()
  async batch(@Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.imports.import(body, actorOf(req));
    setAwaitHeader(reply, answer.events);
    await reply.code(answer.status).send(answer.body);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Query('include_credential') include: QueryValue, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView> {
    void reply.header('cache-control', NO_CACHE);
    const { identity, version } = await this.identities.get(identityId(id), allQueryValues(include));
    setEtagHeader(reply, version);
    return identity;
  }

  @Put(':id')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView> {
    return this.answer(reply, await this.identities.update(identityId(id), body, actorOf(req), ifMatchOf(req)));
  }

  @Patch(':id')
  async patch(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IdentityView> {
    return this.answer(reply, await this.identities.patch(identityId(id), body, actorOf(req), ifMatchOf(req)));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    setAwaitHeader(reply, (await this.identities.delete(identityId(id), actorOf(req), ifMatchOf(req))).events);
  }

  @Delete(':id/credentials/:type')
  @HttpCode(204)
  async removeCredential(
    @Param('id') id: string,
    @Param('type') type: string,
    @Query('identifier') identifier: QueryValue,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    setAwaitHeader(reply, (await this.identities.removeCredential(identityId(id), type, firstQueryValue(identifier) || undefined, actorOf(req))).events);
  }

  private answer(reply: FastifyReply, written: AdminWrite): IdentityView {
    setAwaitHeader(reply, written.events);
    setEtagHeader(reply, written.version);
    return written.identity!;
  }
}
