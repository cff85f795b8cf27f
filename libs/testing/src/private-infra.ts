import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TestInfra } from './infra';
import { reservePorts } from './ports';
import { WORKSPACE_ROOT as ROOT } from './suite';


export type InfraService = 'postgres' | 'redis' | 'kafka';

/** A Postgres, Redis and Kafka of a test's own, run by the project's own scripts/infra.sh (INFRA_HOME and port
 * overrides) on free ports, so that a test can stop and start them (an outage) while the suite runs on them,
 * without touching the instance every other test uses. */
export class PrivateInfra {
  readonly home: string;
  private ports?: { pg: number; redis: number; kafka: number; controller: number };
  private values?: TestInfra;

  constructor(name: string) {
    this.home = join(ROOT, '.run', 'private', name);
  }

  /** The three services' addresses, once `up` has answered. */
  get infra(): TestInfra {
    if (!this.values) throw new Error('PrivateInfra.up() first');
    return this.values;
  }

  async up(): Promise<this> {
    const [pg, redis, kafka, controller] = await reservePorts(4);
    this.ports = { pg, redis, kafka, controller };
    await this.script('up');
    const env = await readFile(join(this.home, 'run', 'infra.env'), 'utf8');
    const value = (key: string): string => {
      const found = new RegExp(`\\b${key}=['"]?([^'"\\s]+)`).exec(env)?.[1];
      if (!found) throw new Error(`${key} is missing from ${this.home}/run/infra.env:\n${env}`);
      return found;
    };
    this.values = { dsn: value('DSN'), redisUrl: value('REDIS_URL'), kafkaBrokers: value('KAFKA_BROKERS').split(',') };
    return this;
  }

  /** Stops one service, keeping its data (Postgres as `pg_ctl -m fast` does, Kafka and Redis with SIGTERM). */
  stop(service: InfraService): Promise<void> {
    return this.script('stop', service);
  }

  /** Starts it again and waits until it is ready. */
  start(service: InfraService): Promise<void> {
    return this.script('start', service);
  }

  /** Stops everything and removes the instance's data. */
  async down(): Promise<void> {
    if (this.ports) await this.script('down');
    await rm(this.home, { recursive: true, force: true });
  }

  private async script(...args: string[]): Promise<void> {
    const ports = this.ports!;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      INFRA_HOME: this.home,
      PG_PORT: String(ports.pg),
      REDIS_PORT: String(ports.redis),
      KAFKA_PORT: String(ports.kafka),
      KAFKA_CTRL_PORT: String(ports.controller),
    };
    // the shared instance's addresses (from .run/infra.env) must not make the script use that one
    delete env.DSN;
    delete env.REDIS_URL;
    delete env.KAFKA_BROKERS;
    const child = spawn('bash', [join(ROOT, 'scripts', 'infra.sh'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b));
    child.stderr?.on('data', (b: Buffer) => (output += b));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`scripts/infra.sh ${args.join(' ')} exited ${code}:\n${output}`);
  }
}
