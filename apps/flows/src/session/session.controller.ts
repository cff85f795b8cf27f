import { Controller, Delete, Get, HttpCode, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorIds, KratosError } from '@gatehouse/contracts';
import { isUuid } from '../persistence/flow.repository';
import { SessionCookie } from './session-cookie';
import { sessionTokenOf } from './session-token';
import { ResolvedSession, SessionService } from './session.service';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

export function sessionInactive(): KratosError {
  return KratosError.of(ErrorIds.ErrNoActiveSession);
}

/** whoami and "my sessions" (Kratos's frontend session API). */
@Controller('sessions')
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('whoami')
  async whoami(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const resolved = await this.current(req);
    const returnTo = (req.query as Record<string, unknown> | undefined)?.return_to;
    const refusal = this.sessions.whoamiRefusal(resolved, typeof returnTo === 'string' ? returnTo : undefined);
    if (refusal) throw refusal;
    const { session, identity } = resolved;
    await reply
      .header('cache-control', NO_CACHE)
      .header('x-kratos-authenticated-identity-id', identity.id)
      .send(this.sessions.view(session, identity));
  }

  @Get()
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { session } = await this.current(req);
    const others = (await this.sessions.listActive(session.identityId)).filter((s) => s.id !== session.id);
    await reply.header('cache-control', NO_CACHE).send(others.map((s) => this.sessions.view(s)));
  }

  @Delete()
  async revokeOthers(@Req() req: FastifyRequest): Promise<{ count: number }> {
    const { session } = await this.current(req);
    const others = (await this.sessions.listActive(session.identityId)).filter((s) => s.id !== session.id);
    return { count: await this.sessions.revoke(session.identityId, others.map((s) => s.id), 'revoked_by_owner') };
  }

  @Delete(':id')
  @HttpCode(204)
  async revokeOne(@Req() req: FastifyRequest, @Param('id') id: string): Promise<void> {
    const { session } = await this.current(req);
    if (id === session.id) throw KratosError.badRequest('You can not revoke the session you are using; log out instead.');
    const mine = isUuid(id) && (await this.sessions.listActive(session.identityId)).some((s) => s.id === id);
    if (!mine) throw KratosError.notFound('The session could not be found.');
    await this.sessions.revoke(session.identityId, [id], 'revoked_by_owner');
  }

  private async current(req: FastifyRequest): Promise<ResolvedSession> {
    const resolved = await this.sessions.resolve(sessionTokenOf(req, this.cookie.name));
    if (!resolved) throw sessionInactive();
    return resolved;
  }
}
