import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './schema-of';

/** The identity read model: identities, their addresses, credential metadata and the idempotency ledger. */
export class CreateIdentityReadModel1764403200000 implements MigrationInterface {
  name = 'CreateIdentityReadModel1764403200000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.identities (
        id               uuid        PRIMARY KEY,
        schema_id        text        NOT NULL,
        state            text        NOT NULL CHECK (state IN ('active', 'inactive')),
        state_changed_at timestamptz NOT NULL,
        traits           jsonb       NOT NULL,
        metadata_public  jsonb       NULL,
        metadata_admin   jsonb       NULL,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        last_event_id    uuid        NOT NULL,
        version          integer     NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.identity_verifiable_addresses (
        id          uuid        PRIMARY KEY,
        identity_id uuid        NOT NULL REFERENCES ${s}.identities (id) ON DELETE CASCADE,
        value       text        NOT NULL,
        via         text        NOT NULL CHECK (via IN ('email', 'sms')),
        verified    boolean     NOT NULL,
        status      text        NOT NULL CHECK (status IN ('pending', 'sent', 'completed')),
        verified_at timestamptz NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT identity_verifiable_addresses_identity_via_value_key UNIQUE (identity_id, via, value)
      )`);
    await q.query(`CREATE INDEX identity_verifiable_addresses_via_value_idx ON ${s}.identity_verifiable_addresses (via, value)`);
    await q.query(`
      CREATE TABLE ${s}.identity_recovery_addresses (
        id          uuid        PRIMARY KEY,
        identity_id uuid        NOT NULL REFERENCES ${s}.identities (id) ON DELETE CASCADE,
        value       text        NOT NULL,
        via         text        NOT NULL CHECK (via IN ('email', 'sms')),
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT identity_recovery_addresses_identity_via_value_key UNIQUE (identity_id, via, value)
      )`);
    await q.query(`CREATE INDEX identity_recovery_addresses_via_value_idx ON ${s}.identity_recovery_addresses (via, value)`);
    await q.query(`
      CREATE TABLE ${s}.identity_credentials (
        identity_id uuid        NOT NULL REFERENCES ${s}.identities (id) ON DELETE CASCADE,
        type        text        NOT NULL,
        identifiers text[]      NOT NULL,
        version     integer     NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (identity_id, type)
      )`);
    await q.query(`CREATE INDEX identity_credentials_identifiers_idx ON ${s}.identity_credentials USING gin (identifiers)`);
    await q.query(`
      CREATE TABLE ${s}.processed_events (
        projection     text        NOT NULL,
        event_id       uuid        NOT NULL,
        type           text        NOT NULL,
        stream_id      text        NOT NULL,
        stream_version integer     NOT NULL,
        occurred_at    timestamptz NOT NULL,
        PRIMARY KEY (projection, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    for (const table of ['processed_events', 'identity_credentials', 'identity_recovery_addresses', 'identity_verifiable_addresses', 'identities']) {
      await q.query(`DROP TABLE IF EXISTS ${s}.${table}`);
    }
  }
}
