import { z } from 'zod';
import { configParts, duration } from '@gatehouse/config';

const listener = (port: number, baseUrl: string) =>
  z
    .object({
      port: configParts.port(port),
      host: z.string().default('127.0.0.1'),
      base_url: configParts.url().default(baseUrl),
    })
    .prefault({});

/** gateway: the two public listeners (Kratos's serve.public / serve.admin) and the services behind them. */
export const gatewayConfigSchema = z.object({
  serve: z
    .object({
      public: listener(4433, 'http://127.0.0.1:4433/'),
      admin: listener(4434, 'http://127.0.0.1:4434/'),
    })
    .prefault({}),
  flows: z.object({ url: configParts.url().default('http://127.0.0.1:4500') }).prefault({}),
  identity: z.object({ url: configParts.url().default('http://127.0.0.1:4501') }).prefault({}),
  notifier: z.object({ url: configParts.url().default('http://127.0.0.1:4502') }).prefault({}),
  upstream: z.object({ timeout: duration('30s'), connections: z.number().int().min(1).default(128) }).prefault({}),
  /** How long an admin write waits for the identity read model to show it before answering anyway. */
  read_your_writes: z.object({ timeout: duration('5s') }).prefault({}),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
