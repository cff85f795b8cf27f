import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Gatehouse's release in Kratos's form (Kratos answers its tag, v26.2.0): the version of this app's package.json,
 * which ships beside its dist (src/ and dist/ are both one level below it). */
export function gatehouseVersion(): string {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return `v${version}`;
}

/** Kratos's getVersion (oryx/healthx SetVersionRoutes), which Kratos registers on its admin router only: the admin
 * port answers it with and without the /admin prefix, the public port answers 404. */
export function versionRoutes(version: string) {
  return (fastify: FastifyInstance): void => {
    for (const path of ['/version', '/admin/version']) fastify.get(path, async () => ({ version }));
  };
}
