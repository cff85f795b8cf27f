import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { FlowsConfig } from '../config.schema';

/** What a code/link flow (verification, recovery) reads from its flow config and the code and link methods. */
export function challengeSettings(
  config: FlowsConfig,
  flow: { enabled: boolean; lifespan: number; ui_url: string; use: 'code' | 'link' },
  clock: () => Date,
) {
  const { code, link } = config.selfservice.methods;
  return {
    publicBaseUrl: config.serve.public.base_url,
    enabled: flow.enabled,
    lifespanMs: flow.lifespan,
    uiUrl: flow.ui_url,
    use: flow.use,
    code: { enabled: code.enabled, lifespanMs: code.config.lifespan, maxSubmissions: code.config.max_submissions },
    link: { enabled: link.enabled, lifespanMs: link.config.lifespan },
    secrets: config.secrets,
    clock,
  };
}

/** A repository built from the Postgres pool and the service's schema. */
export function pgRepository<T>(type: new (pool: Pool, schema: string) => T, pgPool: symbol, schema: string): Provider {
  return { provide: type, inject: [pgPool], useFactory: (pool: Pool) => new type(pool, schema) };
}
