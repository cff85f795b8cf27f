import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@gatehouse/platform';

/** Ready = Redis answers PING, Postgres answers SELECT 1 and the Kafka consumer runs. SMTP is not part
 * of it: the queue absorbs outages. */
export function readinessChecks(redis: Redis, consumer: { isRunning(): boolean }, db: Pick<DataSource, 'query'>): ReadinessCheck[] {
  return [
    { name: 'database', check: async () => void (await db.query('SELECT 1')) },
    {
      name: 'redis',
      check: async () => {
        if (redis.status !== 'ready') throw new Error(`redis connection is ${redis.status}`);
        const pong = await redis.ping();
        if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
      },
    },
    {
      name: 'kafka',
      check: async () => {
        if (!consumer.isRunning()) throw new Error('kafka consumer is not running');
      },
    },
  ];
}
