import { Pool } from 'pg';
import { testInfra, uniqueName } from '@gatehouse/testing';
import { IdentityConfig, identityConfigSchema } from '../src/config.schema';

/** A config against the real test infrastructure with its own schema, topic and group (serve.port 0 = any free port). */
export function identityTestConfig(prefix: string, topic: string): IdentityConfig {
  const infra = testInfra();
  const config = identityConfigSchema.parse({
    dsn: infra.dsn,
    database: { schema: uniqueName(`${prefix}_schema`) },
    kafka: { brokers: infra.kafkaBrokers, client_id: uniqueName(prefix), group_id: uniqueName(`${prefix}_group`), topic },
  });
  return { ...config, serve: { ...config.serve, port: 0 } };
}

/** Direct SQL access to a test schema, for assertions and teardown. */
export class TestSchema {
  readonly pool: Pool;

  constructor(readonly config: IdentityConfig) {
    this.pool = new Pool({ connectionString: config.dsn, max: 2 });
  }

  get name(): string {
    return this.config.database.schema;
  }

  async rows(table: string, orderBy: string): Promise<Record<string, unknown>[]> {
    const result = await this.pool.query(`SELECT * FROM "${this.name}"."${table}" ORDER BY ${orderBy}`);
    return result.rows as Record<string, unknown>[];
  }

  /** Every row of every read-model table, in a stable order: two snapshots are equal iff the read models are. */
  async snapshot(): Promise<Record<string, Record<string, unknown>[]>> {
    return {
      identities: await this.rows('identities', 'id'),
      identity_verifiable_addresses: await this.rows('identity_verifiable_addresses', 'id'),
      identity_recovery_addresses: await this.rows('identity_recovery_addresses', 'id'),
      identity_credentials: await this.rows('identity_credentials', 'identity_id, type'),
      processed_events: await this.rows('processed_events', 'projection, event_id'),
      stream_positions: await this.rows('stream_positions', 'stream_id'),
      import_progress: await this.rows('import_progress', 'import_id'),
    };
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.name}" CASCADE`);
  }

  async close(): Promise<void> {
    await this.drop();
    await this.pool.end();
  }
}
