import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@gatehouse/platform';
import { Upstreams } from './proxy/routes';

/** One listener of the gateway: health endpoints from Nest, proxied routes added on Fastify. */
@Module({})
export class ListenerModule {
  static forRoot(upstreams: Upstreams): DynamicModule {
    return {
      module: ListenerModule,
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          useValue: [
            { name: 'flows', check: () => upstreams.flows.alive() },
            { name: 'identity', check: () => upstreams.identity.alive() },
            { name: 'notifier', check: () => upstreams.notifier.alive() },
          ] satisfies ReadinessCheck[],
        },
      ],
    };
  }
}
