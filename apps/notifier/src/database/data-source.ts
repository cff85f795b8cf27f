import { DataSource, DataSourceOptions } from 'typeorm';
import { NotifierConfig, PG_SCHEMA_NAME } from '../config.schema';
import { NOTIFIER_MIGRATIONS } from '../migrations';
import { NOTIFIER_ENTITIES } from './entities';

export type DatabaseConfig = Pick<NotifierConfig, 'dsn' | 'database'>;

/** TypeORM options for the courier projection: every table lives in `database.schema`; never synchronize. */
export function notifierDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const schema = config.database.schema;
  if (!PG_SCHEMA_NAME.test(schema)) throw new Error(`database.schema "${schema}" is not a plain Postgres identifier`);
  return {
    type: 'postgres',
    url: config.dsn,
    schema,
    entities: NOTIFIER_ENTITIES,
    migrations: NOTIFIER_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: { options: `-c search_path=${schema}`, max: 10, connectionTimeoutMillis: 5_000 },
  };
}

export function createNotifierDataSource(config: DatabaseConfig): DataSource {
  return new DataSource(notifierDataSourceOptions(config));
}
