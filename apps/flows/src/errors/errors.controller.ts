import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { KratosError } from '@gatehouse/contracts';
import { send } from '../http/answer';
import { isUuid } from '../persistence/flow.repository';
import { ErrorStore } from './error.store';

/** GET /self-service/errors?id=: a stored user-facing error, for the error UI. */
@Controller('self-service/errors')
export class ErrorsController {
  constructor(private readonly errors: ErrorStore) {}

  @Get()
  async get(@Query('id') id: unknown, @Res() reply: FastifyReply): Promise<void> {
    if (id === 'stub:500') {
      const stub = new KratosError(500, { reason: 'This is a stub error.' }).toEnvelope().error;
      const at = new Date(0).toISOString();
      return send(reply, { status: 200, body: { id, error: stub, created_at: at, updated_at: at } });
    }
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The id query parameter is missing.');
    const stored = isUuid(id) ? await this.errors.find(id) : null;
    if (!stored) throw KratosError.notFound('The requested error could not be found.');
    await send(reply, { status: 200, body: stored });
  }
}
