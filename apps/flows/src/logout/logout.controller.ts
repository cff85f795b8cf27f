import { Body, Controller, Delete, HttpCode } from '@nestjs/common';
import { KratosError } from '@gatehouse/contracts';
import { SessionService } from '../session/session.service';

/** Native logout: the session of the given token stops working everywhere at once. */
@Controller('self-service/logout')
export class LogoutController {
  constructor(private readonly sessions: SessionService) {}

  @Delete('api')
  @HttpCode(204)
  async logoutApi(@Body() body: unknown): Promise<void> {
    const token = body && typeof body === 'object' ? (body as Record<string, unknown>).session_token : undefined;
    if (typeof token !== 'string' || token === '') throw KratosError.badRequest('The session_token must be set.');
    const resolved = await this.sessions.resolve(token);
    if (!resolved) throw new KratosError(403, { reason: 'The provided session token is not valid.' });
    await this.sessions.revoke(resolved.session.identityId, [resolved.session.id], 'logout');
  }
}
