import { QueryRunner } from 'typeorm';
import { PG_SCHEMA_NAME } from '../config.schema';

/** The quoted Postgres schema the migrations write into: the DataSource's `schema` option. */
export function schemaOf(q: QueryRunner): string {
  const schema = (q.connection.options as { schema?: string }).schema ?? 'public';
  if (!PG_SCHEMA_NAME.test(schema)) throw new Error(`refusing to migrate into schema "${schema}"`);
  return `"${schema}"`;
}
