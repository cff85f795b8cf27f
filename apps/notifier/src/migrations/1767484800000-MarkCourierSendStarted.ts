import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** Crash safety of the courier: send_started_at is set right before a mail goes to SMTP and cleared when the
 * attempt's dispatch is recorded, so an attempt that finds it set knows the one before died mid-send; it then
 * sends again (same Message-ID) and flags the message possible_duplicate. */
export class MarkCourierSendStarted1767484800000 implements MigrationInterface {
  name = 'MarkCourierSendStarted1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ${schemaOf(q)}.courier_messages
        ADD COLUMN send_started_at    timestamptz NULL,
        ADD COLUMN possible_duplicate boolean     NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${schemaOf(q)}.courier_messages DROP COLUMN possible_duplicate, DROP COLUMN send_started_at`);
  }
}
