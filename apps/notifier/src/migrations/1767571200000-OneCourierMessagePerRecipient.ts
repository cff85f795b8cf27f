import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** An event may ask for one mail per address it names (SecurityNoticeRequested): a courier message is unique per
 * event and recipient. Every event before named one address, so the rows already there stay unique. The new
 * key's index leads with source_event_id, so lookups by the event alone stay indexed. */
export class OneCourierMessagePerRecipient1767571200000 implements MigrationInterface {
  name = 'OneCourierMessagePerRecipient1767571200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ${schemaOf(q)}.courier_messages
        ADD CONSTRAINT courier_messages_source_event_id_recipient_key UNIQUE (source_event_id, recipient),
        DROP CONSTRAINT courier_messages_source_event_id_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    // fails, as it should, while an event has messages to several recipients
    await q.query(`
      ALTER TABLE ${schemaOf(q)}.courier_messages
        ADD CONSTRAINT courier_messages_source_event_id_key UNIQUE (source_event_id),
        DROP CONSTRAINT courier_messages_source_event_id_recipient_key`);
  }
}
