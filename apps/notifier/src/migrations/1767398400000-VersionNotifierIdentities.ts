import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** The identity projection follows IdentityUpdated and IdentityDeleted: each row records the stream version of
 * the event that wrote it (rows written before came from a registration: version 1), and a deleted identity
 * becomes a tombstone (deleted, no schema, no traits) so that an older event redelivered later changes nothing. */
export class VersionNotifierIdentities1767398400000 implements MigrationInterface {
  name = 'VersionNotifierIdentities1767398400000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      ALTER TABLE ${s}.notifier_identities
        ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT notifier_identities_version_check CHECK (version > 0),
        ADD COLUMN deleted boolean NOT NULL DEFAULT false,
        ALTER COLUMN schema_id DROP NOT NULL,
        ALTER COLUMN traits DROP NOT NULL,
        ADD CONSTRAINT notifier_identities_live_check CHECK (deleted OR (schema_id IS NOT NULL AND traits IS NOT NULL))`);
    // Every later write states its version and whether it is a tombstone.
    await q.query(`ALTER TABLE ${s}.notifier_identities ALTER COLUMN version DROP DEFAULT, ALTER COLUMN deleted DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DELETE FROM ${s}.notifier_identities WHERE deleted`);
    await q.query(`
      ALTER TABLE ${s}.notifier_identities
        DROP CONSTRAINT notifier_identities_live_check,
        DROP COLUMN deleted,
        DROP COLUMN version,
        ALTER COLUMN schema_id SET NOT NULL,
        ALTER COLUMN traits SET NOT NULL`);
  }
}
