import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import { loadConfig } from '@gatehouse/config';
import { createHttpApp } from '@gatehouse/platform';
import { flowsConfigSchema } from '../config.schema';
import { PasswordHasher } from '../strategies/password/password.hasher';
import { PasswordPolicy } from '../strategies/password/password.policy';
import { passwordProviders } from '../strategies/password/password.providers';
import { MetricsController, metricsProviders } from './index';

@Module({})
class MetricsTestModule {
  static with(registry: Registry, env: Record<string, string>): DynamicModule {
    const config = loadConfig(flowsConfigSchema, { argv: [], env: { SECRETS_CIPHER: 'c'.repeat(32), SECRETS_DEFAULT: 'd'.repeat(16), ...env } });
    return { module: MetricsTestModule, controllers: [MetricsController], providers: [...metricsProviders(registry), ...passwordProviders(config)] };
  }
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('GET /metrics/prometheus with the password providers wired as app.module will wire them', () => {
  const registry = new Registry();
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await createHttpApp(
      MetricsTestModule.with(registry, {
        HASHERS_ALGORITHM: 'bcrypt',
        HASHERS_BCRYPT_COST: '4',
        SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_HOST: `http://127.0.0.1:${await closedPort()}`,
      }),
      { port: 0, logLevels: ['error'] },
    );
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  it('builds the hasher and policy from config (bcrypt: 72-byte limit applies to registration)', async () => {
    expect(app.get(PasswordHasher).algorithm).toBe('bcrypt');
    await expect(app.get(PasswordPolicy).check('x7!'.repeat(25), [])).resolves.toMatchObject({ id: 4000033, context: { max_length: 72, actual_length: 75 } });
  });

  it('renders the counter of unavailable breach lookups in the Prometheus text format', async () => {
    await expect(app.get(PasswordPolicy).check('Unreachable-Corpus-1', [])).resolves.toBeUndefined(); // ignore_network_errors defaults to true
    const res = await fetch(`${url}/metrics/prometheus`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(registry.contentType);
    const text = await res.text();
    expect(text).toContain('# TYPE gatehouse_hibp_unavailable_total counter');
    expect(text).toContain('gatehouse_hibp_unavailable_total{reason="network"} 1');
  });
});
