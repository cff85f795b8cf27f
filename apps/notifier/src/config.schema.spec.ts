import { ConfigError, loadConfig } from '@gatehouse/config';
import { TOPICS } from '@gatehouse/contracts';
import { notifierConfigSchema } from './config.schema';

const CIPHER = 'test-cipher-key-0123456789abcdef';
const load = (env: Record<string, string>) => loadConfig(notifierConfigSchema, { env, argv: [] });

function errorOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('notifier config', () => {
  it('has Kratos-like defaults', () => {
    const c = load({ SECRETS_CIPHER: CIPHER });
    expect(c.kafka).toMatchObject({ group_id: 'gatehouse-notifier', topic: TOPICS.identityEvents });
    const { templates, ...courier } = c.courier;
    expect(JSON.stringify(templates)).not.toMatch(/"(subject|html|plaintext)":/);
    expect(courier).toEqual({
      smtp: { connection_uri: 'smtp://127.0.0.1:1025/?disable_starttls=true', from_address: 'no-reply@ory.kratos.sh', local_name: 'localhost' },
      message_retries: 5,
      retry_backoff: 1000,
      queue_name: 'courier',
      worker: { concurrency: 5, lock_duration: 5_000, stalled_interval: 2_000, max_stalled_count: 3 },
    });
    expect(c.serve).toEqual({ port: 4502, public: { base_url: 'http://127.0.0.1:4433/' } });
    expect(c.secrets.cipher).toEqual([CIPHER]);
  });

  it('reads Kratos-style environment names', () => {
    const c = load({
      SECRETS_CIPHER: `${CIPHER},${'x'.repeat(32)}`,
      COURIER_SMTP_CONNECTION_URI: 'smtps://u:p%40ss@mail.example.org:465/?skip_ssl_verify=true',
      COURIER_SMTP_FROM_NAME: 'Gatehouse',
      COURIER_MESSAGE_RETRIES: '2',
      COURIER_RETRY_BACKOFF: '250ms',
      COURIER_WORKER_CONCURRENCY: '9',
      KAFKA_TOPIC: 'some.topic',
      SERVE_PUBLIC_BASE_URL: 'https://auth.example.org/',
    });
    expect(c.secrets.cipher).toHaveLength(2);
    expect(c.courier).toMatchObject({ message_retries: 2, retry_backoff: 250, worker: { concurrency: 9 }, smtp: { from_name: 'Gatehouse' } });
    expect(c.kafka.topic).toBe('some.topic');
    expect(c.serve.public.base_url).toBe('https://auth.example.org/');
  });

  it('takes a crashed worker\'s jobs up again within 10 s by default, and lets the lock and stalled check be tuned', () => {
    const { worker } = load({ SECRETS_CIPHER: CIPHER }).courier;
    // the lock lapses, then a stalled check may be skipped (BullMQ's check key) before the next one finds the job
    expect(worker.lock_duration + 2 * worker.stalled_interval).toBeLessThan(10_000);
    const tuned = load({ SECRETS_CIPHER: CIPHER, COURIER_WORKER_LOCK_DURATION: '2s', COURIER_WORKER_STALLED_INTERVAL: '500ms', COURIER_WORKER_MAX_STALLED_COUNT: '5' }).courier.worker;
    expect(tuned).toMatchObject({ lock_duration: 2_000, stalled_interval: 500, max_stalled_count: 5 });
    expect(errorOf({ SECRETS_CIPHER: CIPHER, COURIER_WORKER_STALLED_INTERVAL: 'often' }).message).toContain('courier.worker.stalled_interval (env COURIER_WORKER_STALLED_INTERVAL)');
  });

  it('requires secrets.cipher', () => {
    const e = errorOf({});
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain('secrets.cipher (env SECRETS_CIPHER)');
  });

  it('rejects a cipher secret that is not 32 characters long', () => {
    expect(errorOf({ SECRETS_CIPHER: 'too-short' }).message).toMatch(/secrets\.cipher.*exactly 32 characters/);
  });

  it.each([
    ['http://127.0.0.1:1025/', /scheme must be smtp:\/\/ or smtps:\/\//],
    ['not a uri', /must be a URL/],
    ['smtp://127.0.0.1:1025/?disable_starttls=perhaps', /disable_starttls must be true or false/],
    ['smtps://127.0.0.1:465/?skip_ssl_verify=2', /skip_ssl_verify must be true or false/],
  ])('rejects COURIER_SMTP_CONNECTION_URI=%s naming the key', (uri, why) => {
    const message = errorOf({ SECRETS_CIPHER: CIPHER, COURIER_SMTP_CONNECTION_URI: uri }).message;
    expect(message).toContain('courier.smtp.connection_uri (env COURIER_SMTP_CONNECTION_URI)');
    expect(message).toMatch(why);
  });

  it('rejects a bad backoff duration and a queue name with a colon', () => {
    const message = errorOf({ SECRETS_CIPHER: CIPHER, COURIER_RETRY_BACKOFF: 'soon', COURIER_QUEUE_NAME: 'a:b' }).message;
    expect(message).toContain('courier.retry_backoff (env COURIER_RETRY_BACKOFF)');
    expect(message).toContain('courier.queue_name (env COURIER_QUEUE_NAME)');
  });

  it('reads the template overrides under Kratos names (courier.template_override_path, courier.templates.*)', () => {
    const c = load({
      SECRETS_CIPHER: CIPHER,
      COURIER_TEMPLATE_OVERRIDE_PATH: '/etc/gatehouse/courier-templates',
      COURIER_TEMPLATES_VERIFICATION_CODE_VALID_EMAIL_SUBJECT: 'base64://SGk=',
      COURIER_TEMPLATES_RECOVERY_INVALID_EMAIL_BODY_PLAINTEXT: 'file:///tmp/x.gotmpl',
      COURIER_TEMPLATES_RECOVERY_CODE_VALID_EMAIL_BODY_HTML: '<p>{{ .RecoveryCode }}</p>',
    });
    expect(c.courier.template_override_path).toBe('/etc/gatehouse/courier-templates');
    expect(c.courier.templates.verification_code.valid.email.subject).toBe('base64://SGk=');
    expect(c.courier.templates.recovery.invalid.email.body.plaintext).toBe('file:///tmp/x.gotmpl');
    expect(c.courier.templates.recovery_code.valid.email.body.html).toBe('<p>{{ .RecoveryCode }}</p>');
  });

  it('sends the security notice unless courier.templates.security_notice.enabled is off, and reads its overrides', () => {
    expect(load({ SECRETS_CIPHER: CIPHER }).courier.templates.security_notice.enabled).toBe(true);
    const c = load({ SECRETS_CIPHER: CIPHER, COURIER_TEMPLATES_SECURITY_NOTICE_ENABLED: 'false', COURIER_TEMPLATES_SECURITY_NOTICE_EMAIL_SUBJECT: 'base64://SGk=' });
    expect(c.courier.templates.security_notice).toEqual({ enabled: false, email: { subject: 'base64://SGk=', body: {} } });
    expect(errorOf({ SECRETS_CIPHER: CIPHER, COURIER_TEMPLATES_SECURITY_NOTICE_ENABLED: 'perhaps' }).message).toContain(
      'courier.templates.security_notice.enabled (env COURIER_TEMPLATES_SECURITY_NOTICE_ENABLED)',
    );
  });
});
