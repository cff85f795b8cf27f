import { Pool } from 'pg';
import { SqlMigration, migrateEventStore, runSqlMigrations } from '@gatehouse/eventsourcing';

/** The write side's own state next to the event store: flows, credential secrets, verification codes. */
const FLOWS_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    sql: (s) => `
      CREATE TABLE ${s}.selfservice_flows (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        type text NOT NULL,
        schema_id text NOT NULL,
        state text NOT NULL,
        request_url text NOT NULL,
        return_to text,
        identity_id uuid,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX selfservice_flows_expires ON ${s}.selfservice_flows (expires_at);
      CREATE TABLE ${s}.identity_credentials (
        identity_id uuid NOT NULL,
        type text NOT NULL,
        identifiers text[] NOT NULL,
        config jsonb NOT NULL,
        version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (identity_id, type)
      );
      CREATE TABLE ${s}.verification_codes (
        flow_id uuid PRIMARY KEY,
        identity_id uuid NOT NULL,
        address_id uuid NOT NULL,
        address text NOT NULL,
        via text NOT NULL,
        code_digest text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL
      );`,
  },
  {
    version: 2,
    sql: (s) => `
      ALTER TABLE ${s}.selfservice_flows ADD COLUMN data jsonb NOT NULL DEFAULT '{}';
      -- the identity as the write side knows it, updated in the transaction that records each change
      -- (read-your-writes for sessions and login without waiting for the Kafka projection)
      CREATE TABLE ${s}.identities (
        id uuid PRIMARY KEY,
        schema_id text NOT NULL,
        state text NOT NULL,
        traits jsonb NOT NULL,
        verifiable_addresses jsonb NOT NULL,
        recovery_addresses jsonb NOT NULL,
        metadata_public jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        state_changed_at timestamptz NOT NULL
      );
      CREATE TABLE ${s}.sessions (
        id uuid PRIMARY KEY,
        identity_id uuid NOT NULL REFERENCES ${s}.identities (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        logout_token_hash text NOT NULL UNIQUE,
        active boolean NOT NULL,
        aal text NOT NULL,
        authentication_methods jsonb NOT NULL,
        devices jsonb NOT NULL DEFAULT '[]',
        issued_at timestamptz NOT NULL,
        authenticated_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX sessions_identity ON ${s}.sessions (identity_id) WHERE active;`,
  },
  {
    version: 3,
    sql: (s) => `
      -- user-facing errors of browser requests, shown by the error UI (GET /self-service/errors?id=)
      CREATE TABLE ${s}.selfservice_errors (
        id uuid PRIMARY KEY,
        error jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );`,
  },
  {
    version: 4,
    sql: (s) => `
      -- verification: several secrets per flow (a resend, a link token), each single use; wrong codes counted per flow
      ALTER TABLE ${s}.verification_codes DROP CONSTRAINT verification_codes_pkey;
      ALTER TABLE ${s}.verification_codes ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY;
      ALTER TABLE ${s}.verification_codes ADD COLUMN method text NOT NULL DEFAULT 'code';
      CREATE INDEX verification_codes_flow ON ${s}.verification_codes (flow_id, method) WHERE used_at IS NULL;
      ALTER TABLE ${s}.selfservice_flows ADD COLUMN failed_submissions integer NOT NULL DEFAULT 0;
      CREATE INDEX identities_verifiable_addresses ON ${s}.identities USING gin (verifiable_addresses jsonb_path_ops);`,
  },
  {
    version: 5,
    sql: (s) => `
      -- recovery: addresses are looked up by value; recovery flows keep their one-time secrets in verification_codes
      -- (one table of flow-bound, single-use secret digests, keyed by flow id)
      CREATE INDEX identities_recovery_addresses ON ${s}.identities USING gin (recovery_addresses jsonb_path_ops);`,
  },
  {
    version: 6,
    sql: (s) => `
      -- the admin identity API: admin metadata and the external id (unique through the claim kind 'external_id') on the
      -- write side's identity copy; credentials of type oidc (identifiers '<provider>:<subject>', claimed as
      -- 'oidc_identifier'); an identity's history is every event whose subject it is, in store order
      ALTER TABLE ${s}.identities ADD COLUMN metadata_admin jsonb, ADD COLUMN external_id text;
      ALTER TABLE ${s}.identity_credentials ADD CONSTRAINT identity_credentials_type CHECK (type IN ('password', 'oidc'));
      CREATE INDEX events_subject_position ON ${s}.events (subject, global_position);`,
  },
  {
    version: 7,
    sql: (s) => `
      -- identities, identity_credentials and sessions are inline projections of the identity and session streams
      -- (identity/inline-projections.ts): the stream version an identity row reflects; logout tokens, minted anew on
      -- every browser logout request, are request state beside the sessions, not part of the projection
      ALTER TABLE ${s}.identities ADD COLUMN version integer NOT NULL DEFAULT 0;
      CREATE TABLE ${s}.session_logout_tokens (
        session_id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE
      );
      INSERT INTO ${s}.session_logout_tokens (session_id, token_hash) SELECT id, logout_token_hash FROM ${s}.sessions WHERE active;
      ALTER TABLE ${s}.sessions DROP COLUMN logout_token_hash;`,
  },
  {
    version: 8,
    sql: (s) => `
      -- settings and MFA: credentials of the second factors and passkeys (configs sealed in the identity's events,
      -- see identity/credential-configs.ts)
      ALTER TABLE ${s}.identity_credentials DROP CONSTRAINT identity_credentials_type,
        ADD CONSTRAINT identity_credentials_type CHECK (type IN ('password', 'oidc', 'totp', 'lookup_secret', 'webauthn', 'passkey'));`,
  },
  {
    version: 9,
    sql: (s) => `
      -- the highest assurance level an identity's credentials allow (Kratos's identities.available_aal), projected with
      -- its credentials so that whoami reads it with the session
      ALTER TABLE ${s}.identities ADD COLUMN available_aal text NOT NULL DEFAULT 'aal1';
      UPDATE ${s}.identities i SET available_aal = 'aal2' WHERE EXISTS (SELECT 1 FROM ${s}.identity_credentials c WHERE c.identity_id = i.id
        AND (c.type IN ('totp', 'lookup_secret') OR (c.type = 'webauthn' AND jsonb_path_exists(c.config, '$.credentials[*] ? (@.is_passwordless == false)'))));`,
  },
];

/** Applies the event store's and the flows service's migrations to one Postgres schema. */
export async function migrateFlows(pool: Pool, schema: string): Promise<void> {
  await migrateEventStore(pool, schema);
  await runSqlMigrations(pool, schema, { table: 'flows_migrations', migrations: FLOWS_MIGRATIONS });
}
