import { Body, Controller, Delete, Get, HttpCode, Inject, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KratosError } from '@gatehouse/contracts';
import { BrowserErrorFilter } from '../errors/browser-error.filter';
import { send } from '../http/answer';
import { BROWSER_SETTINGS, BrowserSettings, allowedReturnTo } from '../http/browser.settings';
import { clientOf } from '../http/client';
import { SessionCookie } from '../session/session-cookie';
import { sessionTokenOf } from '../session/session-token';
import { sessionInactive } from '../session/session.controller';
import { SessionService } from '../session/session.service';

/** Logout: native (the token in the body) and browser (a logout URL with a one-time logout token, then the
 * cookie is cleared). Either way the session stops working everywhere at once. */
@Controller('self-service/logout')
export class LogoutController {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
    @Inject(BROWSER_SETTINGS) private readonly settings: BrowserSettings,
  ) {}

  @Delete('api')
  @HttpCode(204)
  async logoutApi(@Body() body: unknown): Promise<void> {
    const token = body && typeof body === 'object' ? (body as Record<string, unknown>).session_token : undefined;
    if (typeof token !== 'string' || token === '') throw KratosError.badRequest('The session_token must be set.');
    const resolved = await this.sessions.resolve(token);
    if (!resolved) throw new KratosError(403, { reason: 'The provided session token is not valid.' });
    await this.sessions.revoke(resolved.session.identityId, [resolved.session.id], 'logout');
  }

  /** A logout URL for the session of this browser (a fresh logout token each time). */
  @Get('browser')
  async createBrowserLogout(@Req() req: FastifyRequest, @Query('return_to') returnTo: unknown, @Res() reply: FastifyReply): Promise<void> {
    const resolved = await this.sessions.resolve(sessionTokenOf(req, this.cookie.name));
    if (!resolved) throw sessionInactive();
    const allowed = allowedReturnTo(this.settings, returnTo);
    const token = await this.sessions.mintLogoutToken(resolved.session.id);
    if (!token) throw sessionInactive();
    const url = new URL(`${this.settings.publicBaseUrl.replace(/\/+$/, '')}/self-service/logout`);
    url.searchParams.set('token', token);
    if (allowed) url.searchParams.set('return_to', allowed);
    await send(reply, { status: 200, body: { logout_url: url.toString(), logout_token: token } });
  }

  /** Performs a browser logout: the token must belong to the session of the cookie. */
  @Get()
  @UseFilters(BrowserErrorFilter)
  async performBrowserLogout(@Req() req: FastifyRequest, @Query('token') token: unknown, @Query('return_to') returnTo: unknown, @Res() reply: FastifyReply): Promise<void> {
    if (typeof token !== 'string' || token === '') throw KratosError.badRequest('Please include a token in the URL query.');
    const allowed = allowedReturnTo(this.settings, returnTo);
    const resolved = await this.sessions.resolve(sessionTokenOf(req, this.cookie.name));
    if (!resolved) throw sessionInactive();
    const owner = await this.sessions.byLogoutToken(token);
    if (!owner || owner.id !== resolved.session.id) {
      throw new KratosError(403, { reason: 'Unable to log out because the logout token in the URL query does not match the session cookie.' });
    }
    await this.sessions.revoke(resolved.session.identityId, [resolved.session.id], 'logout');
    const cookies = [this.cookie.clear()];
    if (clientOf(req).json) return send(reply, { status: 204, cookies });
    await send(reply, { status: 303, location: allowed ?? this.settings.logoutReturnUrl ?? this.settings.defaultReturnUrl, cookies });
  }
}
