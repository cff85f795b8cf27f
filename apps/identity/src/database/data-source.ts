import { DataSource, DataSourceOptions } from 'typeorm';
import { IdentityConfig, PG_SCHEMA_NAME } from '../config.schema';
import { IDENTITY_MIGRATIONS } from '../migrations';
import { IDENTITY_ENTITIES } from './entities';

/** TypeORM options for the read model: every table lives in `database.schema`; never synchronize. */
export function identityDataSourceOptions(config: Pick<IdentityConfig, 'dsn' | 'database'>): DataSourceOptions {
  const schema = config.database.schema;
  if (!PG_SCHEMA_NAME.test(schema)) throw new Error(`database.schema "${schema}" is not a plain Postgres identifier`);
  return {
    type: 'postgres',
    url: config.dsn,
    schema,
    entities: IDENTITY_ENTITIES,
    migrations: IDENTITY_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: { options: `-c search_path=${schema}`, max: 10, connectionTimeoutMillis: 5_000 },
  };
}

export function createIdentityDataSource(config: Pick<IdentityConfig, 'dsn' | 'database'>): DataSource {
  return new DataSource(identityDataSourceOptions(config));
}
