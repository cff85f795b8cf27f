import { LogLevel } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@gatehouse/platform';
import { IdentityAppModule } from './app.module';
import { IdentityConfig } from './config.schema';
import { ProjectionRunner } from './projections/projection.runner';

export interface StartIdentityOptions {
  logLevels?: LogLevel[];
}

export interface RunningIdentity {
  app: NestFastifyApplication;
  /** Where the HTTP listener ended up (useful with serve.port 0), e.g. http://127.0.0.1:4501 */
  url: string;
  /** Resolves once the projection consumer has joined its group. */
  consuming(): Promise<void>;
  /** Stops the consumer, closes the HTTP server and the database pool. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts the identity service in this process: HTTP on serve.host:serve.port plus the Kafka projection.
 * Migrations are not run here: `node apps/identity/dist/migrate.js` (or migrateIdentity) does that first. */
export async function startIdentity(config: IdentityConfig, options: StartIdentityOptions = {}): Promise<RunningIdentity> {
  const app = await createHttpApp(IdentityAppModule.forRoot(config), { port: config.serve.port, host: config.serve.host, logLevels: options.logLevels });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.serve.port;
  const runner = app.get(ProjectionRunner);
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${config.serve.host}:${port}`,
    consuming: () => runner.whenStarted(),
    close: () => (closing ??= app.close()),
  };
}
