import { loadConfig } from '@gatehouse/config';
import { flowsConfigSchema } from './config.schema';

const env = { SECRETS_CIPHER: 'c'.repeat(32), SECRETS_DEFAULT: 'd'.repeat(16) };

describe('flows configuration', () => {
  it('defaults to OWASP argon2id parameters and Kratos lifespans', () => {
    const c = loadConfig(flowsConfigSchema, { env, argv: [] });
    expect(c.hashers.argon2).toMatchObject({ memory: 19456, iterations: 2, parallelism: 1 });
    expect(c.selfservice.flows.registration.lifespan).toBe(3_600_000);
    // Kratos: selfservice.flows.settings.privileged_session_max_age defaults to 1h
    expect(c.selfservice.flows.settings.privileged_session_max_age).toBe(3_600_000);
    expect(c.selfservice.methods.password.config.min_password_length).toBe(8);
    expect(c.kafka.brokers).toEqual(['127.0.0.1:19092']);
  });

  it.each([
    [{ DSN: 'mysql://x' }, /dsn \(env DSN\)/],
    [{ KAFKA_BROKERS: 'nohostport' }, /kafka\.brokers\.0 \(env KAFKA_BROKERS_0\)/],
    [{ HASHERS_ARGON2_MEMORY: '1024' }, /hashers\.argon2\.memory \(env HASHERS_ARGON2_MEMORY\)/],
    [{ SERVE_PUBLIC_BASE_URL: 'not a url' }, /serve\.public\.base_url \(env SERVE_PUBLIC_BASE_URL\)/],
    [{ SECRETS_CIPHER: 'too-short' }, /secrets\.cipher\.0/],
  ])('refuses %j naming the key', (override, message) => {
    expect(() => loadConfig(flowsConfigSchema, { env: { ...env, ...override }, argv: [] })).toThrow(message);
  });
});
