import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@gatehouse/platform';
import { WebAuthnScriptController } from './webauthn-script.controller';
import { WEBAUTHN_SCRIPT_INTEGRITY } from './webauthn.script';

@Module({ controllers: [WebAuthnScriptController] })
class ScriptModule {}

/** GET /.well-known/ory/webauthn.js over HTTP, as the script node's src names it. */
describe('the webauthn.js endpoint', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await createHttpApp(ScriptModule, { port: 0, logLevels: ['error'] });
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('serves the bytes the integrity attribute names, as javascript', async () => {
    const res = await fetch(`${url}/.well-known/ory/webauthn.js`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=UTF-8']);
    const body = Buffer.from(await res.arrayBuffer());
    expect(`sha512-${createHash('sha512').update(body).digest('base64')}`).toBe(WEBAUTHN_SCRIPT_INTEGRITY);
  });
});
