import { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { loadConfig } from '@gatehouse/config';
import { EventEnvelope } from '@gatehouse/contracts';
import { ScratchTopic, SmtpSink, TEST_SECRETS, testInfra, uniqueName, waitFor } from '@gatehouse/testing';
import { Notifier, startNotifier } from '../src/app';
import { NotifierConfig, notifierConfigSchema } from '../src/config.schema';
import { migrateNotifier } from '../src/migrate';

/** A notifier running in this process against real Kafka, Redis and Postgres, with its own topic, consumer
 * group, queue and database schema, an in-process SMTP sink, a publisher, and read access to the queue.
 * More instances (same or other group and queue) can be started next to the first one. */
export class NotifierHarness {
  readonly topic = new ScratchTopic('notifier_it');
  readonly queueName = uniqueName('courier_it');
  readonly groupId = uniqueName('notifier_it_group');
  readonly schema = uniqueName('notifier_it');
  readonly sink = new SmtpSink();
  private readonly infra = testInfra();
  /** Reads jobs of the test queue (BullMQ owns this connection). */
  readonly queue = new Queue(this.queueName, { connection: { url: this.infra.redisUrl } });
  readonly redis = new Redis(this.infra.redisUrl);
  readonly db = new Pool({ connectionString: this.infra.dsn, max: 2 });
  readonly instances: Notifier[] = [];
  private readonly queues = new Set([this.queueName]);
  private readonly groups = new Set([this.groupId]);
  private env: Record<string, string> = {};
  notifier?: Notifier;

  async start(env: Record<string, string> = {}, partitions = 1): Promise<this> {
    this.env = env;
    await this.topic.create(partitions);
    await this.sink.start();
    await migrateNotifier(this.config());
    this.notifier = await this.startInstance();
    return this;
  }

  /** Another notifier on the same topic, sink and schema; by default in the same group and queue. */
  async startInstance(overrides: Record<string, string> = {}): Promise<Notifier> {
    const config = this.config(overrides);
    this.queues.add(config.courier.queue_name);
    this.groups.add(config.kafka.group_id);
    const notifier = await startNotifier({ ...config, serve: { ...config.serve, port: 0 } }, { logLevels: ['error'] });
    this.instances.push(notifier);
    // the consumer joins its group in the background: ready says when it has
    await waitFor(async () => (await fetch(`${urlOf(notifier)}/health/ready`)).status === 200, { timeoutMs: 30_000, what: 'the notifier to be ready' });
    return notifier;
  }

  config(overrides: Record<string, string> = {}): NotifierConfig {
    return loadConfig(notifierConfigSchema, {
      argv: [],
      env: {
        SECRETS_CIPHER: TEST_SECRETS.cipher.join(','),
        COURIER_SMTP_CONNECTION_URI: this.sink.url,
        COURIER_QUEUE_NAME: this.queueName,
        COURIER_RETRY_BACKOFF: '200ms',
        KAFKA_BROKERS: this.infra.kafkaBrokers.join(','),
        KAFKA_TOPIC: this.topic.name,
        KAFKA_GROUP_ID: this.groupId,
        REDIS_URL: this.infra.redisUrl,
        DSN: this.infra.dsn,
        DATABASE_SCHEMA: this.schema,
        ...this.env,
        ...overrides,
      },
    });
  }

  get baseUrl(): string {
    return urlOf(this.notifier!);
  }

  async publish(...events: EventEnvelope[]): Promise<void> {
    await this.topic.publish(...events);
  }

  /** GET on the first instance's HTTP port; the JSON body (or undefined) with the response. */
  async get(path: string): Promise<{ status: number; headers: Headers; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** Resolves once the consumer group has committed every record of the topic (it has handled them all). */
  async caughtUp(groupId: string): Promise<void> {
    const admin = this.topic.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const high = await admin.fetchTopicOffsets(this.topic.name);
          const [committed] = await admin.fetchOffsets({ groupId, topics: [this.topic.name] });
          // a partition that has never held a record has nothing to commit
          return high.every((p) => p.high === p.low || Number(committed.partitions.find((c) => c.partition === p.partition)?.offset ?? -1) >= Number(p.high));
        },
        { what: `group ${groupId} to catch up with the topic`, timeoutMs: 20_000, intervalMs: 100 },
      );
    } finally {
      await admin.disconnect();
    }
  }

  /** The courier message row of an event, straight from Postgres. */
  async messageRow(eventId: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.db.query(`SELECT * FROM "${this.schema}".courier_messages WHERE source_event_id = $1`, [eventId]);
    return result.rows[0] as Record<string, unknown> | undefined;
  }

  /** The events BullMQ recorded for the queue ("added", "duplicated", "failed", "completed", …) for one job. */
  async queueEvents(jobId: string): Promise<string[]> {
    const entries = await this.redis.xrange(this.queue.keys.events, '-', '+');
    return entries
      .map(([, fields]) => Object.fromEntries(pairs(fields)))
      .filter((f) => f.jobId === jobId)
      .map((f) => f.event);
  }

  async stop(): Promise<void> {
    for (const notifier of this.instances) await notifier.close();
    for (const name of this.queues) {
      const queue = name === this.queueName ? this.queue : new Queue(name, { connection: { url: this.infra.redisUrl } });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await this.redis.quit();
    await this.sink.stop();
    await this.topic.delete([...this.groups]);
    await this.db.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.db.end();
  }
}

export function urlOf(notifier: Notifier): string {
  const address = notifier.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

function pairs(fields: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < fields.length; i += 2) out.push([fields[i], fields[i + 1]]);
  return out;
}
