import { z } from 'zod';
import { configParts, loadConfig, LoadOptions } from '@gatehouse/config';
import { TOPICS } from '@gatehouse/contracts';

const GROUP_ID = 'gatehouse-identity';
const kafkaBase = configParts.kafkaConsumer(GROUP_ID).unwrap();

/** apps/identity settings; keys map to Kratos-style env names (serve.public.base_url ↔ SERVE_PUBLIC_BASE_URL). */
export const identityConfigSchema = z.object({
  dsn: configParts.dsn(),
  serve: z
    .object({
      port: configParts.port(4501),
      host: z.string().min(1).default('127.0.0.1'),
      public: z.object({ base_url: z.url().default('http://127.0.0.1:4433/') }).prefault({}),
    })
    .prefault({}),
  database: z
    .object({
      schema: configParts.pgSchema('identity'),
    })
    .prefault({}),
  kafka: z
    .object({
      ...kafkaBase.shape,
      topic: z.string().min(1).default(TOPICS.identityEvents),
    })
    .prefault({}),
});

export type IdentityConfig = z.output<typeof identityConfigSchema>;

/** Reads file + environment and validates; a ConfigError names the offending key and its env variable. */
export function loadIdentityConfig(options?: LoadOptions): IdentityConfig {
  return loadConfig(identityConfigSchema, options);
}
