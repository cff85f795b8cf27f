import { Pool } from 'pg';
import { loadConfig } from '@gatehouse/config';
import { ScratchTopic, TEST_SECRETS, testInfra, uniqueName } from '@gatehouse/testing';
import { StoredEvent } from '@gatehouse/eventsourcing';
import { RunningFlows, startFlows } from '../src/app';
import { flowsEventStore } from '../src/identity/event-store.factory';
import { FlowsConfig, flowsConfigSchema } from '../src/config.schema';

/** The flows service in-process on a free port, with its own Postgres schema, Kafka topic and a clock tests can move. */
export class FlowsHarness {
  readonly topic = new ScratchTopic('flows');
  readonly pool = new Pool({ connectionString: testInfra().dsn, max: 4 });
  private offsetMs = 0;
  config!: FlowsConfig;
  flows!: RunningFlows;

  /** Moves the service's clock forward. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  async start(env: Record<string, string> = {}): Promise<this> {
    await this.topic.create(3);
    this.config = loadConfig(flowsConfigSchema, {
      argv: [],
      env: {
        DSN: testInfra().dsn,
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
        DATABASE_SCHEMA: uniqueName('flows'),
        SECRETS_CIPHER: TEST_SECRETS.cipher.join(','),
        SECRETS_DEFAULT: TEST_SECRETS.default.join(','),
        SERVE_PORT: '0',
        OUTBOX_TOPIC: this.topic.name,
        OUTBOX_POLL_INTERVAL: '100ms',
        // no internet here: tests that check breached passwords point this at a local range server
        SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'false',
        ...env,
      },
    });
    this.flows = await startFlows(this.config, { clock: () => new Date(Date.now() + this.offsetMs), migrate: true });
    return this;
  }

  get url(): string {
    return this.flows.url;
  }

  async stop(): Promise<void> {
    await this.flows?.close();
    await this.topic.delete();
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.config.database.schema}" CASCADE`);
    await this.pool.end();
  }

  /** Every event of the store, opened (sealed data and secrets read with the service's keys), in store order. */
  async events(): Promise<StoredEvent[]> {
    const { store } = flowsEventStore(this.pool, { schema: this.config.database.schema, cipherSecrets: this.config.secrets.cipher });
    const all: StoredEvent[] = [];
    for await (const batch of store.readAll()) all.push(...batch);
    return all;
  }

  query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.pool.query<R>(sql.replaceAll('$schema', `"${this.config.database.schema}"`), params).then((r) => r.rows);
  }

  async newFlow(): Promise<{ id: string }> {
    const res = await fetch(`${this.url}/self-service/registration/api`);
    if (res.status !== 200) throw new Error(`flow init answered ${res.status}`);
    return (await res.json()) as { id: string };
  }

  async submit(flowId: string | undefined, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/self-service/registration${flowId === undefined ? '' : `?flow=${flowId}`}`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  async register(email: string, password = 'a long and secret passphrase'): Promise<{ status: number; body: any }> {
    const flow = await this.newFlow();
    return this.submit(flow.id, { method: 'password', traits: { email }, password });
  }
}
