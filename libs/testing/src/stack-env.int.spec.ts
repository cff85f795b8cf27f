import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TempFolder } from './temp-folder';

const STACK = join(__dirname, '../../../scripts/stack.sh');

/** `bash scripts/stack.sh env APP`: the environment `npm run up` gives APP, printed without starting anything.
 * A private INFRA_HOME keeps it away from the checkout's .run (and from whatever the shared stack runs). */
describe('npm run up: the caller\'s environment wins over the stack\'s defaults (scripts/stack.sh env)', () => {
  const home = new TempFolder(
    { 'run/infra.env': "export DSN='postgres://postgres@127.0.0.1:5999/gatehouse' REDIS_URL='redis://127.0.0.1:5998' KAFKA_BROKERS='127.0.0.1:5997'\n" },
    'gatehouse-stack-env-',
  );
  afterAll(() => home.remove());

  function stackEnv(app: string, env: Record<string, string> = {}): { status: number | null; vars: Record<string, string>; stderr: string } {
    const r = spawnSync('bash', [STACK, 'env', app], {
      encoding: 'utf8',
      timeout: 20_000,
      // only what a shell always has, so that the engineer's own exports cannot leak into the assertions
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', INFRA_HOME: home.path, ...env },
    });
    const vars: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) vars[line.slice(0, at)] = line.slice(at + 1);
    }
    return { status: r.status, vars, stderr: r.stderr };
  }

  it('gives the notifier the dev mail sink when the caller sets no COURIER_SMTP_CONNECTION_URI', () => {
    const r = stackEnv('notifier');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.vars).toMatchObject({ COURIER_SMTP_CONNECTION_URI: 'smtp://127.0.0.1:1025/?disable_starttls=true', SERVE_PORT: '4502', DSN: 'postgres://postgres@127.0.0.1:5999/gatehouse' });
  });

  it("gives the notifier the caller's COURIER_SMTP_CONNECTION_URI", () => {
    const r = stackEnv('notifier', { COURIER_SMTP_CONNECTION_URI: 'smtps://user:pw@mail.example.com:465/' });
    expect(r.status).toBe(0);
    expect(r.vars.COURIER_SMTP_CONNECTION_URI).toBe('smtps://user:pw@mail.example.com:465/');
  });

  it('never prints the secrets, whoever set them', () => {
    const r = stackEnv('flows', { SECRETS_CIPHER: 'c'.repeat(32), SECRETS_DEFAULT: 'd'.repeat(16) });
    expect(r.status).toBe(0);
    expect(r.vars).toMatchObject({ SECRETS_CIPHER: '<hidden>', SECRETS_DEFAULT: '<hidden>' });
  });

  it('honours every key the stack sets itself: base URLs, upstream URLs, the gateway ports', () => {
    const caller = { SERVE_PUBLIC_BASE_URL: 'https://auth.example.com/', FLOWS_URL: 'http://10.0.0.7:4500', SERVE_PUBLIC_PORT: '5433', SERVE_ADMIN_PORT: '5434' };
    const gateway = stackEnv('gateway', caller);
    expect(gateway.status).toBe(0);
    expect(gateway.vars).toMatchObject({ ...caller, IDENTITY_URL: 'http://127.0.0.1:4501', SERVE_ADMIN_BASE_URL: 'http://127.0.0.1:5434/' });
    expect(stackEnv('identity', caller).vars.SERVE_PUBLIC_BASE_URL).toBe('https://auth.example.com/');
  });

  it('moves the public base URL of every service with a SERVE_PUBLIC_PORT the caller gives the gateway', () => {
    for (const app of ['flows', 'identity', 'notifier', 'gateway']) {
      expect(stackEnv(app, { SERVE_PUBLIC_PORT: '5433' }).vars.SERVE_PUBLIC_BASE_URL).toBe('http://127.0.0.1:5433/');
    }
  });

  it("starts flows on FLOWS_SERVE_PORT and tells the gateway where it is (FLOWS_URL); IDENTITY_ and NOTIFIER_SERVE_PORT alike", () => {
    const ports = { FLOWS_SERVE_PORT: '4600', IDENTITY_SERVE_PORT: '4601', NOTIFIER_SERVE_PORT: '4602' };
    expect(stackEnv('flows', ports).vars.SERVE_PORT).toBe('4600');
    expect(stackEnv('identity', ports).vars.SERVE_PORT).toBe('4601');
    expect(stackEnv('notifier', ports).vars.SERVE_PORT).toBe('4602');
    expect(stackEnv('gateway', ports).vars).toMatchObject({ FLOWS_URL: 'http://127.0.0.1:4600', IDENTITY_URL: 'http://127.0.0.1:4601', NOTIFIER_URL: 'http://127.0.0.1:4602' });
  });

  it('refuses a plain SERVE_PORT (three services read it, each for a port of its own), naming the variables to use', () => {
    const r = stackEnv('flows', { SERVE_PORT: '4600' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SERVE_PORT.*FLOWS_SERVE_PORT, IDENTITY_SERVE_PORT or NOTIFIER_SERVE_PORT/);
    expect(r.vars).toEqual({});
  });

  it('refuses a port that is not a port, and two services on one port', () => {
    expect(stackEnv('flows', { FLOWS_SERVE_PORT: 'http' }).stderr).toMatch(/FLOWS_SERVE_PORT must be a TCP port number/);
    expect(stackEnv('gateway', { SERVE_ADMIN_PORT: '4500' }).stderr).toMatch(/SERVE_ADMIN_PORT and FLOWS_SERVE_PORT are both port 4500/);
  });

  it('refuses an unknown service', () => {
    const r = stackEnv('nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
