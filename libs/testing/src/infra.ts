import { randomBytes } from 'node:crypto';

/** Where a Postgres, Kafka and Redis listen. */
export interface TestInfra {
  dsn: string;
  kafkaBrokers: string[];
  redisUrl: string;
}

/** Where the real services of the test run listen (scripts/infra.sh writes these into .run/infra.env). */
export function testInfra(): TestInfra {
  return {
    dsn: process.env.DSN ?? 'postgres://postgres@127.0.0.1:55432/gatehouse?sslmode=disable',
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:56379',
  };
}

/** A short unique name for per-test topics, schemas, queues and groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Test-only secrets: 32 characters for secrets.cipher, 16+ for the others. */
export const TEST_SECRETS = {
  cipher: ['test-cipher-key-0123456789abcdef'],
  default: ['test-default-secret-0123456789'],
};
