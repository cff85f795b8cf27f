import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.registry';

/** Kratos's `GET /metrics/prometheus` (admin side): the registry in Prometheus's text exposition format. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('prometheus')
  async prometheus(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.registry.metrics();
    await reply.code(200).header('content-type', this.registry.contentType).header('cache-control', 'no-store').send(body);
  }
}
