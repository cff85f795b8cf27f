import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, duration, envName, loadConfig, parseDuration } from './index';

const schema = z.object({
  dsn: z.string().default('postgres://localhost/x'),
  serve: z.object({ public: z.object({ port: z.number().int().min(1).max(65535).default(4433) }).prefault({}) }).prefault({}),
  secrets: z.object({ cipher: z.array(z.string().length(32)).min(1) }),
  selfservice: z.object({ flows: z.object({ registration: z.object({ lifespan: duration('1h'), enabled: z.boolean().default(true) }).prefault({}) }).prefault({}) }).prefault({}),
});
const CIPHER = 'x'.repeat(32);

describe('loadConfig', () => {
  it('names environment variables after key paths as Kratos does', () => {
    expect(envName(['serve', 'public', 'port'])).toBe('SERVE_PUBLIC_PORT');
    expect(envName(['courier', 'smtp', 'connection_uri'])).toBe('COURIER_SMTP_CONNECTION_URI');
  });

  it('applies defaults and reads typed values from the environment', () => {
    const c = loadConfig(schema, { env: { SECRETS_CIPHER: `${CIPHER},${'y'.repeat(32)}`, SERVE_PUBLIC_PORT: '5000', SELFSERVICE_FLOWS_REGISTRATION_ENABLED: 'false' }, argv: [] });
    expect(c.serve.public.port).toBe(5000);
    expect(c.secrets.cipher).toEqual([CIPHER, 'y'.repeat(32)]);
    expect(c.selfservice.flows.registration).toEqual({ lifespan: 3_600_000, enabled: false });
    expect(c.dsn).toBe('postgres://localhost/x');
  });

  it('lets the environment override the YAML file given with -c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'gatehouse.yml');
    writeFileSync(file, `dsn: postgres://file/db\nserve:\n  public:\n    port: 7000\nsecrets:\n  cipher: ["${CIPHER}"]\nselfservice:\n  flows:\n    registration:\n      lifespan: 10m\n`);
    const c = loadConfig(schema, { env: { DSN: 'postgres://env/db' }, argv: ['node', 'main.js', '-c', file] });
    expect(c.dsn).toBe('postgres://env/db');
    expect(c.serve.public.port).toBe(7000);
    expect(c.selfservice.flows.registration.lifespan).toBe(600_000);
  });

  it('stops with a message naming the key and its environment variable', () => {
    expect(() => loadConfig(schema, { env: { SECRETS_CIPHER: CIPHER, SERVE_PUBLIC_PORT: 'abc' }, argv: [] })).toThrow(/serve\.public\.port \(env SERVE_PUBLIC_PORT\)/);
    expect(() => loadConfig(schema, { env: {}, argv: [] })).toThrow(/secrets\.cipher \(env SECRETS_CIPHER\)/);
    expect(() => loadConfig(schema, { env: { SECRETS_CIPHER: 'short' }, argv: [] })).toThrow(/secrets\.cipher\.0/);
    expect(() => loadConfig(schema, { env: { SECRETS_CIPHER: CIPHER, SELFSERVICE_FLOWS_REGISTRATION_LIFESPAN: 'soon' }, argv: [] })).toThrow(
      /selfservice\.flows\.registration\.lifespan .*"soon" is not a duration/,
    );
  });

  it('reports an unreadable config file as a ConfigError', () => {
    expect(() => loadConfig(schema, { env: {}, file: '/nonexistent/gatehouse.yml' })).toThrow(ConfigError);
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('refuses text that is not a duration', () => {
    expect(() => parseDuration('1 hour')).toThrow(/not a duration/);
  });
});
