import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** The identity projection the mails take their traits from. */
export class CreateNotifierIdentities1767312000000 implements MigrationInterface {
  name = 'CreateNotifierIdentities1767312000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.notifier_identities (
        id            uuid        PRIMARY KEY,
        schema_id     text        NOT NULL,
        traits        jsonb       NOT NULL,
        updated_at    timestamptz NOT NULL,
        last_event_id uuid        NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${schemaOf(q)}.notifier_identities`);
  }
}
