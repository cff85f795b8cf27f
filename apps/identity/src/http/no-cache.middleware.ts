import { Injectable, NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { NO_CACHE } from '../identity.constants';

/** Sets Kratos's Cache-Control on every response, errors included (set on the raw response, merged at writeHead). */
@Injectable()
export class NoCacheMiddleware implements NestMiddleware {
  use(_req: unknown, res: ServerResponse, next: () => void): void {
    res.setHeader('Cache-Control', NO_CACHE);
    next();
  }
}
