import { DynamicModule, INestApplication, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { KratosError } from '@gatehouse/contracts';
import { KratosErrorFilter } from './errors.filter';
import { parseForm } from './form';

export interface HttpAppOptions {
  port: number;
  host?: string;
  logLevels?: LogLevel[];
  /** Keep request bodies as raw Buffers of any content type (a proxy forwards them untouched). */
  rawBodies?: boolean;
  /** Last changes to the Fastify instance before listening (extra routes, hooks). */
  configure?: (fastify: FastifyInstance) => void;
}

/** Kratos caps bodies at 5 MB. */
const BODY_LIMIT = 5 * 1024 * 1024;
/** Node's 16 KiB default is too small for Kratos's own queries: `GET /admin/identities` takes up to 500 `ids`
 * (~23 KiB of URL). */
const MAX_HEADER_SIZE = 64 * 1024;

/** Creates a Fastify-backed Nest app with Kratos's error envelope everywhere (including JSON parse errors). */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, maxParamLength: 500, http: { maxHeaderSize: MAX_HEADER_SIZE } });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  if (options.rawBodies) fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  else {
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))));
  }
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: options.logLevels ?? ['error', 'warn', 'log'],
    bodyParser: false,
  });
  app.useGlobalFilters(new KratosErrorFilter());
  app.enableShutdownHooks();
  options.configure?.(fastify);
  await app.listen(options.port, options.host ?? '127.0.0.1');
  return app;
}

function parseJson(_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const text = String(body);
  if (text.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(text));
  } catch (e) {
    done(KratosError.badRequest(`Unable to decode JSON payload: ${(e as Error).message}`), undefined);
  }
}

/** Runs a service's bootstrap, turning config errors and start-up failures into one line and exit code 1. */
export function runMain(name: string, start: () => Promise<INestApplication | unknown>): void {
  Promise.resolve().then(start).catch((e: unknown) => {
    process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
