import { Provider } from '@nestjs/common';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY, metricsRegistry } from './metrics.registry';

export { MetricsController } from './metrics.controller';
export { METRICS_REGISTRY, metricsRegistry, registeredCounter } from './metrics.registry';

/** The registry provider; `registry` defaults to the process's. */
export function metricsProviders(registry: Registry = metricsRegistry): Provider[] {
  return [{ provide: METRICS_REGISTRY, useValue: registry }];
}
