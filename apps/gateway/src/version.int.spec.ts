import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { loadConfig } from '@gatehouse/config';
import { RunningGateway, startGateway } from './app';
import { gatewayConfigSchema } from './config.schema';

const DOWN = 'http://127.0.0.1:9';
const SPEC = join(__dirname, '..', '..', '..', 'libs', 'testing', 'kratos', 'kratos-openapi-v26.2.0.json');
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** getVersion's 200 schema: inline in Kratos's OpenAPI document (no named schema for expectKratosShape). */
function versionSchema(): object {
  const spec = JSON.parse(readFileSync(SPEC, 'utf8'));
  return spec.paths['/version'].get.responses['200'].content['application/json'].schema;
}

describe('GET /version (Kratos getVersion), with the services behind the gateway down', () => {
  let gw: RunningGateway;

  beforeAll(async () => {
    gw = await startGateway(
      loadConfig(gatewayConfigSchema, { argv: [], env: { SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0', FLOWS_URL: DOWN, IDENTITY_URL: DOWN, NOTIFIER_URL: DOWN } }),
    );
  });
  afterAll(() => gw.close());

  it("answers the gateway's version on the admin port, with and without the /admin prefix, in Kratos's shape", async () => {
    const validate = new Ajv({ strict: false }).compile(versionSchema());
    for (const path of ['/version', '/admin/version']) {
      const res = await fetch(`${gw.adminUrl}${path}`);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'application/json; charset=utf-8']);
      const body = await res.json();
      expect(validate(body)).toBe(true);
      // Kratos answers its release tag (v26.2.0); Gatehouse's release is the app's package version
      expect(body).toEqual({ version: `v${VERSION}` });
    }
  });

  it('is not on the public port, as in Kratos (404 envelope)', async () => {
    const res = await fetch(`${gw.publicUrl}/version`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(404);
  });
});
