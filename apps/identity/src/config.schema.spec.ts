import { ConfigError } from '@gatehouse/config';
import { TOPICS } from '@gatehouse/contracts';
import { loadIdentityConfig } from './config.schema';

describe('identity config', () => {
  it('has Kratos-quickstart defaults', () => {
    expect(loadIdentityConfig({ env: {}, argv: [] })).toEqual({
      dsn: 'postgres://postgres@127.0.0.1:55432/gatehouse?sslmode=disable',
      serve: { port: 4501, host: '127.0.0.1', public: { base_url: 'http://127.0.0.1:4433/' } },
      database: { schema: 'identity' },
      kafka: { brokers: ['127.0.0.1:19092'], client_id: 'gatehouse', group_id: 'gatehouse-identity', topic: TOPICS.identityEvents },
    });
  });

  it('reads Kratos-style env names', () => {
    const config = loadIdentityConfig({
      env: { SERVE_PORT: '4601', SERVE_PUBLIC_BASE_URL: 'https://auth.example.com/', DATABASE_SCHEMA: 'identity_a', KAFKA_GROUP_ID: 'g', KAFKA_TOPIC: 't' },
      argv: [],
    });
    expect(config).toMatchObject({ serve: { port: 4601, public: { base_url: 'https://auth.example.com/' } }, database: { schema: 'identity_a' }, kafka: { group_id: 'g', topic: 't' } });
  });

  it('names the key of an invalid value', () => {
    expect(() => loadIdentityConfig({ env: { DATABASE_SCHEMA: 'x; drop' }, argv: [] })).toThrow(ConfigError);
    expect(() => loadIdentityConfig({ env: { DATABASE_SCHEMA: 'x; drop' }, argv: [] })).toThrow(/database\.schema \(env DATABASE_SCHEMA\)/);
  });
});
