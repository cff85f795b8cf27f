import { ArgumentsHost, Catch, ExceptionFilter, Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toKratosError } from '@gatehouse/platform';
import { send, withQuery } from '../http/answer';
import { BROWSER_SETTINGS, BrowserSettings } from '../http/browser.settings';
import { clientOf } from '../http/client';
import { ErrorStore } from './error.store';

/** On browser routes: an error of a plain browser request (not JSON, not an API flow) is stored and the browser
 * is sent to the error UI (`selfservice.flows.error.ui_url?id=`); everyone else gets the envelope. */
@Catch()
@Injectable()
export class BrowserErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  constructor(
    private readonly errors: ErrorStore,
    @Inject(BROWSER_SETTINGS) private readonly settings: BrowserSettings,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toKratosError(exception);
    if (error.code >= 500) this.logger.error(exception instanceof Error ? `${exception.name}: ${exception.message}\n${exception.stack ?? ''}` : String(exception));
    const client = clientOf(req);
    if (client.json || client.api) {
      await send(reply, { status: error.code, body: error.toEnvelope() });
      return;
    }
    try {
      const id = await this.errors.add(error.toEnvelope().error);
      await send(reply, { status: 303, location: withQuery(this.settings.errorUiUrl, 'id', id) });
    } catch (e) {
      this.logger.error(`could not store a browser error: ${(e as Error).message}`);
      await send(reply, { status: error.code, body: error.toEnvelope() });
    }
  }
}
