import { DataSource } from 'typeorm';
import { PostgresModel, postgresDataSource } from '@gatehouse/platform';
import { NotifierConfig } from '../config.schema';
import { NOTIFIER_MIGRATIONS } from '../migrations';
import { NOTIFIER_ENTITIES } from './entities';

export type DatabaseConfig = Pick<NotifierConfig, 'dsn' | 'database'>;

/** The courier projection: its entities and migrations in `database.schema`. */
export function notifierModel(config: DatabaseConfig): PostgresModel {
  return { dsn: config.dsn, schema: config.database.schema, entities: NOTIFIER_ENTITIES, migrations: NOTIFIER_MIGRATIONS };
}

export function createNotifierDataSource(config: DatabaseConfig): DataSource {
  return postgresDataSource(notifierModel(config));
}
