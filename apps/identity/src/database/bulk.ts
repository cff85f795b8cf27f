import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** The quoted, schema-qualified table of an entity. */
export function tableOf(m: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const metadata = m.connection.getMetadata(entity);
  return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
}

export interface BulkInsertOptions {
  /** ON CONFLICT target columns. */
  conflict?: string[];
  /** On conflict: leave the row ('nothing', the default), take every other column of the new row ('all'),
   * or set the columns named to SQL expressions over `t` (the row in place) and EXCLUDED (the new row). */
  update?: 'nothing' | 'all' | Record<string, string>;
  /** Columns to return from the rows written. */
  returning?: string[];
}

/** One INSERT for any number of rows: the rows travel as one JSON parameter that json_populate_recordset turns
 * into the table's own row type (ISO strings become timestamptz, arrays text[], objects jsonb, JSON null NULL).
 * Keys of a row must be column names; a missing key is NULL. */
export async function bulkInsert<R = unknown>(m: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: readonly object[], options: BulkInsertOptions = {}): Promise<R[]> {
  if (rows.length === 0) return [];
  const table = tableOf(m, entity);
  const columns = [...new Set(m.connection.getMetadata(entity).columns.map((c) => c.databaseName))];
  const list = columns.map((c) => `"${c}"`).join(', ');
  let sql = `INSERT INTO ${table} AS t (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`;
  if (options.conflict) {
    const target = options.conflict.map((c) => `"${c}"`).join(', ');
    const update = options.update ?? 'nothing';
    const sets =
      update === 'nothing'
        ? []
        : update === 'all'
          ? columns.filter((c) => !options.conflict?.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`)
          : Object.entries(update).map(([c, expression]) => `"${c}" = ${expression}`);
    sql += sets.length === 0 ? ` ON CONFLICT (${target}) DO NOTHING` : ` ON CONFLICT (${target}) DO UPDATE SET ${sets.join(', ')}`;
  }
  if (options.returning) sql += ` RETURNING ${options.returning.map((c) => `"${c}"`).join(', ')}`;
  return (await m.query(sql, [JSON.stringify(rows)])) as R[];
}
