import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { KratosError } from '@gatehouse/contracts';
import { createHttpApp } from '@gatehouse/platform';
import { FlowsModule } from './app.module';
import { FlowsConfig } from './config.schema';
import { migrateFlows } from './persistence/migrations';

export interface RunningFlows {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the flows service (tests start it in-process with their own config, schema and clock). */
export async function startFlows(config: FlowsConfig, options: { clock?: () => Date; migrate?: boolean } = {}): Promise<RunningFlows> {
  if (options.migrate) await runMigrations(config);
  const app = await createHttpApp(FlowsModule.forRoot(config, options.clock), {
    port: config.serve.port,
    host: config.serve.host,
    // PATCH /admin/identities/{id} may name RFC 6902's media type; Kratos reads the body whatever it is called
    configure: (fastify) => fastify.addContentTypeParser('application/json-patch+json', { parseAs: 'string' }, parseJsonPatch),
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.serve.port;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function runMigrations(config: FlowsConfig): Promise<void> {
  const pool = new Pool({ connectionString: config.dsn, max: 1 });
  try {
    await migrateFlows(pool, config.database.schema);
  } finally {
    await pool.end();
  }
}

function parseJsonPatch(_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  try {
    done(null, JSON.parse(String(body)));
  } catch (e) {
    done(KratosError.badRequest(`Unable to decode JSON payload: ${(e as Error).message}`), undefined);
  }
}
