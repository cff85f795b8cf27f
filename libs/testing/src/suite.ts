import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Pool } from 'pg';
import { TEST_SECRETS, TestInfra, testInfra, uniqueName } from './infra';
import { ScratchTopic } from './kafka';
import { reservePorts } from './ports';
import { SmtpSink } from './smtp-sink';
import { waitFor } from './wait-for';

// libs/testing/src (tests) or libs/testing/dist (benchmarks): the workspace root is three levels up.
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const ROOT = WORKSPACE_ROOT;

export type ServiceName = 'flows' | 'identity' | 'notifier' | 'gateway';

/** A child that exited by itself or was killed by a signal (exitCode stays null then). */
const exited = (s: Service): boolean => s.process.exitCode !== null || s.process.signalCode !== null;

/** The port a service answers /health on: its own, or the gateway's public one. */
const healthPort = (env: Record<string, string>): number => Number(env.SERVE_PORT ?? env.SERVE_PUBLIC_PORT);

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
   * `env`: extra environment per service (e.g. shorter timeouts for a test);
   * `infra`: the Postgres, Kafka and Redis to run on (a PrivateInfra's, to stop and start them), or the test run's. */
  constructor(private readonly options: { notifiers?: number; flows?: number; env?: Partial<Record<ServiceName, Record<string, string>>>; infra?: TestInfra } = {}) {
    this.infra = options.infra ?? testInfra();
    this.topic = new ScratchTopic('e2e', this.infra.kafkaBrokers);
    this.pool = new Pool({ connectionString: this.infra.dsn, max: 2 });
    // the pool outlives an outage of a PrivateInfra's Postgres: an idle client it loses must not crash the test
    this.pool.on('error', () => undefined);
  }

  private readonly envs = new Map<string, Record<string, string>>();

  readonly infra: TestInfra;
  readonly sink = new SmtpSink();
  readonly topic: ScratchTopic;
  readonly pool: Pool;
  readonly id = uniqueName('e2e');
  readonly services: Service[] = [];
  ports = { public: 0, admin: 0, flows: 0, identity: 0, notifier: 0 };
  /** The public API of each flows replica (the gateway talks to the first; `flows: n` starts n of them). */
  flowsUrls: string[] = [];

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
    const keys = Object.keys(this.ports) as Array<keyof Suite['ports']>;
    const extraNotifiers = Math.max(0, (this.options.notifiers ?? 1) - 1);
    const extraFlows = Math.max(0, (this.options.flows ?? 1) - 1);
    const ports = await reservePorts(keys.length + extraNotifiers + extraFlows);
    keys.forEach((key, i) => (this.ports[key] = ports[i]));
    const infra = this.infra;
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
    const started = (['flows', 'identity', 'notifier', 'gateway'] as const).map((name) => ({ service: this.spawn(name, env[name]), port: healthPort(env[name]) }));
    const notifierPorts = ports.slice(keys.length, keys.length + extraNotifiers);
    const flowsPorts = ports.slice(keys.length + extraNotifiers);
    for (const port of notifierPorts) started.push({ service: this.spawn('notifier', { ...env.notifier, SERVE_PORT: String(port) }), port });
    for (const port of flowsPorts) started.push({ service: this.spawn('flows', { ...env.flows, SERVE_PORT: String(port) }), port });
    this.flowsUrls = [this.ports.flows, ...flowsPorts].map((port) => `http://127.0.0.1:${port}`);
    await this.untilReady(started);
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

  /** The pids of the running processes of a service (a test of self-healing checks they stay the same). */
  pids(name: ServiceName): number[] {
    return this.services.filter((s) => s.name === name && !exited(s)).map((s) => s.process.pid!);
  }

  /** Starts a service again with the environment it had, and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    const env = this.envs.get(name);
    if (!env) throw new Error(`${name} was never started`);
    await this.untilReady([{ service: this.spawn(name, env), port: healthPort(env) }]);
  }

  /** Waits until every service answers 200 on /health/ready. Fails at once when one exits, and on timeout
   * says which ones were not ready and why, with everything the services printed. */
  private async untilReady(started: Array<{ service: Service; port: number }>): Promise<void> {
    const status = new Map<Service, string>();
    const probe = async ({ service, port }: { service: Service; port: number }): Promise<boolean> => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        status.set(service, res.status === 200 ? 'ready' : `${res.status} ${await res.text()}`);
        return res.status === 200;
      } catch (e) {
        status.set(service, `unreachable (${(e as { cause?: { code?: string } }).cause?.code ?? 'no answer'})`);
        return false;
      }
    };
    let stopWatching = (): void => undefined;
    const exitedEarly = new Promise<never>((_, reject) => {
      const onExit = (service: Service) => () => reject(new Error(`${service.name} exited (${service.process.exitCode ?? service.process.signalCode}) before it was ready:\n${service.output.join('')}`));
      const watchers = started.map(({ service }) => {
        const listener = onExit(service);
        if (exited(service)) listener();
        else service.process.once('exit', listener);
        return () => service.process.off('exit', listener);
      });
      stopWatching = () => watchers.forEach((off) => off());
    });
    const ready = waitFor(async () => (await Promise.all(started.map(probe))).every(Boolean), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: () => `every service ready; ${started.map(({ service, port }) => `${service.name}:${port} ${status.get(service) ?? 'never probed'}`).join('; ')}\n${this.logs}`,
    });
    try {
      await Promise.race([ready, exitedEarly]);
    } finally {
      stopWatching();
      ready.catch(() => undefined);
      exitedEarly.catch(() => undefined);
    }
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
