import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** The admin identity API: external_id on identities, and the read-your-writes positions (stream versions seen,
 * import batches applied) that POST /internal/await waits for. */
export class AdminIdentityReadModel1764576000000 implements MigrationInterface {
  name = 'AdminIdentityReadModel1764576000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE ${s}.identities ADD COLUMN external_id text NULL`);
    // Unique where set (NULLs are distinct); deferred to the commit, so that one batch may hand an external id
    // from one identity to another in any row order.
    await q.query(`ALTER TABLE ${s}.identities ADD CONSTRAINT identities_external_id_key UNIQUE (external_id) DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`
      CREATE TABLE ${s}.stream_positions (
        stream_id text    PRIMARY KEY,
        version   integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.import_progress (
        import_id uuid    PRIMARY KEY,
        applied   integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE IF EXISTS ${s}.import_progress`);
    await q.query(`DROP TABLE IF EXISTS ${s}.stream_positions`);
    await q.query(`ALTER TABLE ${s}.identities DROP COLUMN IF EXISTS external_id`);
  }
}
