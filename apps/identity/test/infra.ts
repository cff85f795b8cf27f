import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { EventEnvelope, toKafkaRecord } from '@gatehouse/contracts';
import { createKafka, ensureTopics, KafkaPublisher } from '@gatehouse/messaging';
import { testInfra, uniqueName } from '@gatehouse/testing';
import { IdentityConfig, identityConfigSchema } from '../src/config.schema';

/** A config against the real test infrastructure with its own schema, topic and group (serve.port 0 = any free port). */
export function identityTestConfig(prefix: string): IdentityConfig {
  const infra = testInfra();
  const config = identityConfigSchema.parse({
    dsn: infra.dsn,
    database: { schema: uniqueName(`${prefix}_schema`) },
    kafka: { brokers: infra.kafkaBrokers, client_id: uniqueName(prefix), group_id: uniqueName(`${prefix}_group`), topic: uniqueName(`${prefix}_topic`) },
  });
  return { ...config, serve: { ...config.serve, port: 0 } };
}

/** Kafka side of a test: creates the topic, publishes CloudEvents records, cleans up. */
export class TestTopic {
  readonly kafka: Kafka;
  private readonly publisher: KafkaPublisher;

  constructor(private readonly config: IdentityConfig) {
    this.kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.client_id}_test` });
    this.publisher = new KafkaPublisher(this.kafka);
  }

  get name(): string {
    return this.config.kafka.topic;
  }

  create(partitions = 3): Promise<void> {
    return ensureTopics(this.kafka, [{ name: this.name, partitions }]);
  }

  /** Publishes the events in order, each built with toKafkaRecord (binary-mode CloudEvents). */
  publish(...events: EventEnvelope[]): Promise<void> {
    return this.publisher.publish(() => this.name, events.map((e) => toKafkaRecord(e)));
  }

  /** A record that breaks the contract (no CloudEvents headers): consumers must log and skip it. */
  async publishGarbage(key: string): Promise<void> {
    await this.publisher.publish(() => this.name, [{ key, value: '{"not":"an event"}', headers: { 'content-type': 'application/json' } }]);
  }

  async delete(): Promise<void> {
    await this.publisher.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [this.name] }).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Direct SQL access to a test schema, for assertions and teardown. */
export class TestSchema {
  readonly pool: Pool;

  constructor(private readonly config: IdentityConfig) {
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
