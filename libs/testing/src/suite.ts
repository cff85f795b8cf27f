import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'pg';
import { TEST_SECRETS, testInfra, uniqueName } from './infra';
import { ScratchTopic } from './kafka';
import { SmtpSink } from './smtp-sink';
import { waitFor } from './wait-for';

// libs/testing/src (tests) or libs/testing/dist (benchmarks): the workspace root is three levels up.
const ROOT = join(__dirname, '..', '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

type ServiceName = 'flows' | 'identity' | 'notifier' | 'gateway';

/** A child that exited by itself or was killed by a signal (exitCode stays null then). */
const exited = (s: Service): boolean => s.process.exitCode !== null || s.process.signalCode !== null;

interface Service {
  name: string;
  process: ChildProcess;
  output: string[];
}

/** The whole suite as it runs in production: the four built services as separate processes on loopback,
 * against the real Postgres, Kafka and Redis, with an in-process SMTP sink. Everything is namespaced
 * (schemas, topic, groups, queue) so runs never see each other's data. */
export class Suite {
  /** `notifiers`: how many notifier processes share the topic and the queue (scale-out);
   * `env`: extra environment per service (e.g. shorter timeouts for a test). */
  constructor(private readonly options: { notifiers?: number; env?: Partial<Record<ServiceName, Record<string, string>>> } = {}) {}

  private readonly envs = new Map<string, Record<string, string>>();

  readonly sink = new SmtpSink();
  readonly topic = new ScratchTopic('e2e');
  readonly pool = new Pool({ connectionString: testInfra().dsn, max: 2 });
  readonly id = uniqueName('e2e');
  readonly services: Service[] = [];
  ports = { public: 0, admin: 0, flows: 0, identity: 0, notifier: 0 };

  get publicUrl(): string {
    return `http://127.0.0.1:${this.ports.public}`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.ports.admin}`;
  }

  /** Everything every service printed so far. */
  get logs(): string {
    return this.services.map((s) => s.output.join('')).join('\n');
  }

  async start(): Promise<this> {
    await this.sink.start();
    await this.pool.query('SELECT 1');
    await this.topic.create(3);
    for (const key of Object.keys(this.ports) as Array<keyof Suite['ports']>) this.ports[key] = await freePort();
    const infra = testInfra();
    const common = {
      DSN: infra.dsn,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      REDIS_URL: infra.redisUrl,
      SECRETS_CIPHER: TEST_SECRETS.cipher.join(','),
      SECRETS_DEFAULT: TEST_SECRETS.default.join(','),
      SERVE_PUBLIC_BASE_URL: this.publicUrl,
    };
    const env = {
      flows: {
        ...common,
        // the suite runs without internet: no haveibeenpwned lookups
        SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'false',
        SERVE_PORT: String(this.ports.flows),
        DATABASE_SCHEMA: `${this.id}_flows`,
        OUTBOX_TOPIC: this.topic.name,
        OUTBOX_POLL_INTERVAL: '200ms',
      },
      identity: { ...common, SERVE_PORT: String(this.ports.identity), DATABASE_SCHEMA: `${this.id}_identity`, KAFKA_TOPIC: this.topic.name, KAFKA_GROUP_ID: `${this.id}_identity` },
      notifier: {
        ...common,
        DATABASE_SCHEMA: `${this.id}_notifier`,
        SERVE_PORT: String(this.ports.notifier),
        KAFKA_TOPIC: this.topic.name,
        KAFKA_GROUP_ID: `${this.id}_notifier`,
        COURIER_QUEUE_NAME: `${this.id}_courier`,
        COURIER_SMTP_CONNECTION_URI: this.sink.url,
      },
      gateway: {
        SERVE_PUBLIC_PORT: String(this.ports.public),
        SERVE_ADMIN_PORT: String(this.ports.admin),
        SERVE_PUBLIC_BASE_URL: this.publicUrl,
        SERVE_ADMIN_BASE_URL: this.adminUrl,
        FLOWS_URL: `http://127.0.0.1:${this.ports.flows}`,
        IDENTITY_URL: `http://127.0.0.1:${this.ports.identity}`,
        NOTIFIER_URL: `http://127.0.0.1:${this.ports.notifier}`,
      },
    };
    for (const [name, extra] of Object.entries(this.options.env ?? {})) Object.assign(env[name as ServiceName], extra);
    await this.run('flows', 'migrate.js', env.flows);
    await this.run('identity', 'migrate.js', env.identity);
    await this.run('notifier', 'migrate.js', env.notifier);
    for (const name of ['flows', 'identity', 'notifier', 'gateway'] as const) this.spawn(name, env[name]);
    const ready = [this.ports.flows, this.ports.identity, this.ports.notifier, this.ports.public];
    for (let i = 1; i < (this.options.notifiers ?? 1); i++) {
      const port = await freePort();
      this.spawn('notifier', { ...env.notifier, SERVE_PORT: String(port) });
      ready.push(port);
    }
    await waitFor(async () => (await Promise.all(ready.map((p) => fetch(`http://127.0.0.1:${p}/health/ready`).then((r) => r.status === 200)))).every(Boolean), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `all services ready\n${this.logs}`,
    });
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.services.map(async (s) => {
        if (exited(s)) return;
        const exit = once(s.process, 'exit');
        s.process.kill('SIGTERM');
        await exit;
      }),
    );
    await this.sink.stop();
    await this.topic.delete();
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.id}_flows" CASCADE`);
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.id}_identity" CASCADE`);
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.id}_notifier" CASCADE`);
    await this.pool.end();
  }

  /** Kills every process of a service at once (SIGKILL: no shutdown hooks, nothing drained). */
  async kill(name: ServiceName): Promise<void> {
    await Promise.all(
      this.services
        .filter((s) => s.name === name && !exited(s))
        .map(async (s) => {
          const exit = once(s.process, 'exit');
          s.process.kill('SIGKILL');
          await exit;
        }),
    );
  }

  /** Starts a service again with the environment it had, and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    const env = this.envs.get(name);
    if (!env) throw new Error(`${name} was never started`);
    this.spawn(name, env);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${env.SERVE_PORT ?? this.ports.public}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `${name} ready again`,
    });
  }

  private spawn(name: string, env: Record<string, string>): Service {
    if (!this.envs.has(name)) this.envs.set(name, env);
    const child = spawn(process.execPath, [join(ROOT, 'apps', name, 'dist', 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const service: Service = { name, process: child, output: [] };
    child.stdout?.on('data', (b: Buffer) => service.output.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => service.output.push(b.toString()));
    this.services.push(service);
    return service;
  }

  private async run(app: string, script: string, env: Record<string, string>): Promise<void> {
    const child = spawn(process.execPath, [join(ROOT, 'apps', app, 'dist', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b));
    child.stderr?.on('data', (b: Buffer) => (output += b));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`${app} ${script} exited ${code}: ${output}`);
  }
}
