import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** A dependency the service needs before it can serve: checked by /health/ready. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
  /** false: a failure is reported (under `degraded`) but the service still answers ready, because it serves
   * without that dependency (flows commits to its outbox while Kafka is away). Default true. */
  required?: boolean;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Kratos's health endpoints: alive = the process answers; ready = its own dependencies answer. */
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('alive')
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const errors: Record<string, string> = {};
    const degraded: Record<string, string> = {};
    await Promise.all(
      this.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), 2_000);
        } catch (e) {
          (c.required === false ? degraded : errors)[c.name] = (e as Error).message || 'not ready';
        }
      }),
    );
    const report = Object.keys(degraded).length > 0 ? { degraded } : {};
    if (Object.keys(errors).length === 0) await reply.code(200).send({ status: 'ok', ...report });
    else await reply.code(503).send({ errors, ...report });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
