import { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '@gatehouse/config';
import { EventEnvelope } from '@gatehouse/contracts';
import { ScratchTopic, SmtpSink, TEST_SECRETS, testInfra, uniqueName } from '@gatehouse/testing';
import { Notifier, startNotifier } from '../src/app';
import { NotifierConfig, notifierConfigSchema } from '../src/config.schema';

/** A notifier running in this process against real Kafka and Redis, with its own topic, consumer group
 * and queue, an in-process SMTP sink, a publisher, and read access to the queue. */
export class NotifierHarness {
  readonly topic = new ScratchTopic('notifier_it');
  readonly queueName = uniqueName('courier_it');
  readonly groupId = uniqueName('notifier_it_group');
  readonly sink = new SmtpSink();
  private readonly infra = testInfra();
  /** Reads jobs of the test queue (BullMQ owns this connection). */
  readonly queue = new Queue(this.queueName, { connection: { url: this.infra.redisUrl } });
  readonly redis = new Redis(this.infra.redisUrl);
  notifier?: Notifier;

  async start(env: Record<string, string> = {}): Promise<this> {
    await this.topic.create(1);
    await this.sink.start();
    const config: NotifierConfig = loadConfig(notifierConfigSchema, {
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
        ...env,
      },
    });
    this.notifier = await startNotifier({ ...config, serve: { ...config.serve, port: 0 } }, { logLevels: ['error'] });
    return this;
  }

  get baseUrl(): string {
    const address = this.notifier!.app.getHttpServer().address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async publish(event: EventEnvelope): Promise<void> {
    await this.topic.publish(event);
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
    await this.notifier?.close();
    await this.queue.obliterate({ force: true }).catch(() => undefined);
    await this.queue.close();
    await this.redis.quit();
    await this.sink.stop();
    await this.topic.delete([this.groupId]);
  }
}

function pairs(fields: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < fields.length; i += 2) out.push([fields[i], fields[i + 1]]);
  return out;
}
