import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** Courier messages and their dispatches (Kratos's courier_messages / courier_message_dispatches). */
export class CreateCourierMessages1767225600000 implements MigrationInterface {
  name = 'CreateCourierMessages1767225600000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.courier_messages (
        id              uuid        PRIMARY KEY,
        source_event_id uuid        NOT NULL,
        type            text        NOT NULL CHECK (type IN ('email', 'phone')),
        channel         text        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('queued', 'processing', 'sent', 'abandoned')),
        recipient       text        NOT NULL,
        subject         text        NOT NULL,
        body            text        NOT NULL,
        template_type   text        NOT NULL,
        send_count      integer     NOT NULL DEFAULT 0 CHECK (send_count >= 0),
        locked_until    timestamptz NULL,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        CONSTRAINT courier_messages_source_event_id_key UNIQUE (source_event_id)
      )`);
    // Keyset pagination: newest first, id breaks ties; with and without the filters.
    await q.query(`CREATE INDEX courier_messages_created_idx ON ${s}.courier_messages (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX courier_messages_status_created_idx ON ${s}.courier_messages (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX courier_messages_recipient_created_idx ON ${s}.courier_messages (recipient, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE ${s}.courier_message_dispatches (
        id         uuid        PRIMARY KEY,
        message_id uuid        NOT NULL REFERENCES ${s}.courier_messages (id) ON DELETE CASCADE,
        status     text        NOT NULL CHECK (status IN ('failed', 'success')),
        error      jsonb       NULL,
        worker     text        NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX courier_message_dispatches_message_idx ON ${s}.courier_message_dispatches (message_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE IF EXISTS ${s}.courier_message_dispatches`);
    await q.query(`DROP TABLE IF EXISTS ${s}.courier_messages`);
  }
}
