import { DataSource } from 'typeorm';
import { PostgresModel, postgresDataSource } from '@gatehouse/platform';
import { IdentityConfig } from '../config.schema';
import { IDENTITY_MIGRATIONS } from '../migrations';
import { IDENTITY_ENTITIES } from './entities';

/** The identity read model: its entities and migrations in `database.schema`. */
export function identityModel(config: Pick<IdentityConfig, 'dsn' | 'database'>): PostgresModel {
  return { dsn: config.dsn, schema: config.database.schema, entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS };
}

export function createIdentityDataSource(config: Pick<IdentityConfig, 'dsn' | 'database'>): DataSource {
  return postgresDataSource(identityModel(config));
}
