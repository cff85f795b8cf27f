import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '@gatehouse/platform';
import { ListenerModule } from './app.module';
import { GatewayConfig } from './config.schema';
import { Upstreams, adminRoutes, publicRoutes } from './proxy/routes';
import { ReadYourWrites } from './proxy/read-your-writes';
import { Upstream } from './proxy/upstream';
import { noCache } from './no-cache';
import { gatehouseVersion, versionRoutes } from './version';

export interface RunningGateway {
  publicApp: NestFastifyApplication;
  adminApp: NestFastifyApplication;
  publicUrl: string;
  adminUrl: string;
  close(): Promise<void>;
}

/** Starts both listeners (public 4433, admin 4434) in one process, sharing the upstream connection pools. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const version = gatehouseVersion();
  const options = { timeoutMs: config.upstream.timeout, connections: config.upstream.connections };
  const upstreams: Upstreams = {
    flows: new Upstream('flows', config.flows.url, options),
    identity: new Upstream('identity', config.identity.url, options),
    notifier: new Upstream('notifier', config.notifier.url, options),
  };
  const readYourWrites = new ReadYourWrites(upstreams.identity, config.read_your_writes.timeout);
  const publicApp = await createHttpApp(ListenerModule.forRoot(upstreams), {
    port: config.serve.public.port,
    host: config.serve.public.host,
    rawBodies: true,
    configure: listener(publicRoutes(upstreams, config.serve.admin.base_url, readYourWrites)),
  });
  const adminApp = await createHttpApp(ListenerModule.forRoot(upstreams), {
    port: config.serve.admin.port,
    host: config.serve.admin.host,
    rawBodies: true,
    configure: listener(
      versionRoutes(version),
      adminRoutes(upstreams, config.serve.public.base_url, readYourWrites),
    ),
  });
  return {
    publicApp,
    adminApp,
    publicUrl: urlOf(publicApp),
    adminUrl: urlOf(adminApp),
    close: async () => {
      await publicApp.close();
      await adminApp.close();
      await Promise.all(Object.values(upstreams).map((u) => u.close()));
    },
  };
}

/** What both listeners do as Kratos's two servers do, then the routes of each. */
function listener(...routes: ((fastify: FastifyInstance) => void)[]) {
  return (fastify: FastifyInstance): void => {
    noCache(fastify);
    for (const r of routes) r(fastify);
  };
}

function urlOf(app: NestFastifyApplication): string {
  const address = app.getHttpServer().address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
