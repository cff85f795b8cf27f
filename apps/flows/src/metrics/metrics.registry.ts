import { Counter, Registry } from 'prom-client';

/** Injection token for the Prometheus registry the service's metrics live in. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** The process's registry: what `GET /metrics/prometheus` renders. Tests pass their own `new Registry()` instead. */
export const metricsRegistry = new Registry();

/** A counter registered once per registry: a second module instance in the same process reuses it rather than
 * failing with "metric already registered". */
export function registeredCounter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}
