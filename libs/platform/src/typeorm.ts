import { DataSource, DataSourceOptions, EntitySchema, MixedList, QueryRunner } from 'typeorm';
import { configParts } from '@gatehouse/config';

const { PG_SCHEMA_NAME } = configParts;

export interface PostgresModel {
  dsn: string;
  /** Every table of the service lives in this schema (also the search_path). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** TypeORM options for one service's read model: its own schema, migrations only (never synchronize). */
export function postgresDataSourceOptions(model: PostgresModel): DataSourceOptions {
  if (!PG_SCHEMA_NAME.test(model.schema)) throw new Error(`database.schema "${model.schema}" is not a plain Postgres identifier`);
  const options: DataSourceOptions = {
    type: 'postgres',
    url: model.dsn,
    schema: model.schema,
    entities: model.entities,
    migrations: model.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: { options: `-c search_path=${model.schema}`, max: 10, connectionTimeoutMillis: 5_000 },
  };
  return options;
}

export function postgresDataSource(model: PostgresModel): DataSource {
  return new DataSource(postgresDataSourceOptions(model));
}

/** Creates the schema when missing and runs the pending migrations, one transaction each; an advisory lock
 * keyed by service and schema makes concurrent runs (replicas starting together) wait for each other. */
export async function migrate(model: PostgresModel, service: string): Promise<string[]> {
  const dataSource = postgresDataSource(model);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  const key = `gatehouse.${service}.migrate:${model.schema}`;
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${model.schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    return ran.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

/** In a migration: the quoted schema the data source writes into. */
export function schemaOf(q: QueryRunner): string {
  const schema = (q.connection.options as { schema?: string }).schema ?? 'public';
  if (!PG_SCHEMA_NAME.test(schema)) throw new Error(`refusing to migrate into schema "${schema}"`);
  return `"${schema}"`;
}
