import { z } from 'zod';

/** Reusable pieces of the per-app config schemas, named as Kratos names them where Kratos has the key. */
/** A TCP port; 0 lets the OS pick a free one (tests). */
export const port = (defaultPort: number) => z.number().int().min(0).max(65535).default(defaultPort);

export const url = () => z.url();

export const dsn = () =>
  z
    .string()
    .default('postgres://postgres@127.0.0.1:55432/gatehouse?sslmode=disable')
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// connection string');

const kafkaFields = {
  brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port')).min(1).default(['127.0.0.1:19092']),
  client_id: z.string().default('gatehouse'),
};

/** Kafka for a producer. */
/** A Postgres identifier we interpolate into DDL and search_path: lower-case, at most 63 bytes. */
export const PG_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The Postgres schema that holds one service's tables (tests give each run its own). */
export const pgSchema = (defaultName: string) =>
  z.string().regex(PG_SCHEMA_NAME, 'must be a lower-case Postgres identifier ([a-z_][a-z0-9_]*, at most 63 characters)').default(defaultName);

export const kafka = () => z.object(kafkaFields).prefault({});

/** Kafka for a consumer: one group id per service (two services sharing a group would steal partitions). */
export const kafkaConsumer = (groupId: string) => z.object({ ...kafkaFields, group_id: z.string().default(groupId) }).prefault({});

export const redis = () => z.object({ url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:56379') }).prefault({});

/** secrets.cipher: exactly 32 characters each (Kratos's rule); the first one seals, all open. */
export const cipherSecrets = () => z.array(z.string().length(32, 'each secrets.cipher entry must be exactly 32 characters')).min(1);

/** secrets.default / secrets.cookie: at least 16 characters each. */
export const signingSecrets = () => z.array(z.string().min(16, 'each secret must be at least 16 characters')).min(1);

export const log = () =>
  z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info') }).prefault({});
