import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogLevel } from '@nestjs/common';
import { createHttpApp } from '@gatehouse/platform';
import { NotifierConfig } from './config.schema';
import { NotifierModule } from './notifier.module';

export interface Notifier {
  app: NestFastifyApplication;
  /** Stops the Kafka consumer, lets jobs in flight finish, closes the queue, Redis, SMTP and HTTP. */
  close(): Promise<void>;
}

export interface StartOptions {
  logLevels?: LogLevel[];
}

/** Starts the notifier in this process: HTTP health endpoints on serve.port (0 = any free port),
 * the courier worker and the Kafka consumer. */
export async function startNotifier(config: NotifierConfig, options: StartOptions = {}): Promise<Notifier> {
  const app = await createHttpApp(NotifierModule.forRoot(config), { port: config.serve.port, host: config.serve.host, logLevels: options.logLevels });
  let closing: Promise<void> | undefined;
  return {
    app,
    close: () => (closing ??= app.close()),
  };
}
