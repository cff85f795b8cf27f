import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { KratosError } from '@gatehouse/contracts';

/** Renders every error as Kratos's envelope; unknown errors become a 500 without internals. */
@Catch()
export class KratosErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toKratosError(exception);
    if (error.code >= 500) this.logger.error(describe(exception));
    void reply.code(error.code).header('content-type', 'application/json; charset=utf-8').send(error.toEnvelope());
  }
}

export function toKratosError(exception: unknown): KratosError {
  if (exception instanceof KratosError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return new KratosError(status, status >= 500 ? {} : { reason: reasonOf(exception) });
  }
  const fastify = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new KratosError(fastify.statusCode, { reason: fastify.message });
  }
  if (isConflictingWrite(exception)) return new KratosError(409, { reason: 'The resource was changed by a concurrent request at the same moment; send the request again.' });
  if (isDatabaseUnavailable(exception)) return new KratosError(503, { reason: 'The database is not reachable at the moment; try again shortly.' });
  return KratosError.internal();
}

/** A write that lost to a concurrent one even after the event store ran it again (its ConcurrencyError, or
 * Postgres's serialization failure or broken deadlock): Kratos's 409 conflict, never a 500. */
export function isConflictingWrite(e: unknown): boolean {
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown };
  return name === 'ConcurrencyError' || code === '40001' || code === '40P01';
}

/** Postgres is away or restarting: refused or lost connections, a pool that cannot connect in time, and the
 * SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, cannot connect now). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET')) return true;
  return typeof message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect)/.test(message);
}

function reasonOf(e: HttpException): string | undefined {
  const r = e.getResponse();
  if (typeof r === 'string') return r;
  const m = (r as { message?: unknown }).message;
  return Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : undefined;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}
