import { ConfigError } from '@gatehouse/config';
import { CourierTemplates, TemplateFiles, resolveInlineTemplate } from './overrides';
import { TEMPLATE_TYPES } from './template';

/** An in-memory file system: path → text; folders are the prefixes of the paths. */
function files(entries: Record<string, string>): TemplateFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: (path) => {
      reads.push(path);
      return entries[path];
    },
    isDirectory: (path) => Object.keys(entries).some((p) => p.startsWith(`${path}/`)),
  };
}

const b64 = (text: string) => `base64://${Buffer.from(text).toString('base64')}`;
const model = {
  to: 'ada@example.org',
  verification_code: '042917',
  verification_url: 'http://127.0.0.1:4433/self-service/verification?flow=f&code=042917',
  identity: { id: 'i-1', schema_id: 'default', traits: { email: 'ada@example.org', name: { first: 'Ada' } } },
  expires_in_minutes: 15,
};

function configError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('CourierTemplates: built-ins', () => {
  it('renders every Kratos type it knows, with the recovery_* and verification_* invalid ones', () => {
    const t = CourierTemplates.builtin();
    expect(t.render(TEMPLATE_TYPES.verificationCodeValid, model).subject).toBe('Please verify your email address');
    expect(t.render(TEMPLATE_TYPES.recoveryCodeInvalid, { to: 'x@example.org' })).toMatchObject({ subject: 'Account access attempted' });
    expect(t.render(TEMPLATE_TYPES.recoveryInvalid, { to: 'x@example.org' }).text).toContain('this email address is not on our database');
    expect(t.render(TEMPLATE_TYPES.verificationInvalid, { to: 'x@example.org' }).subject).toBe('Someone tried to verify this email address');
    expect(t.render(TEMPLATE_TYPES.verificationCodeInvalid, { to: 'x@example.org' }).html).toContain('<p>If this was not you, please ignore this email.</p>');
  });
});

describe('CourierTemplates: courier.template_override_path', () => {
  const dir = '/etc/templates';

  it('overrides the parts present in <dir>/<status>/ and keeps the built-in for the others', () => {
    const fs = files({
      [`${dir}/verification_code/valid/email.subject.gotmpl`]: 'Code {{ .VerificationCode }} for {{ .Identity.traits.name.first }}',
      [`${dir}/verification_code/valid/email.body.plaintext.gotmpl`]: 'Hello {{ .Identity.traits.name.first }}, {{ .verification_code }} ({{ .ExpiresInMinutes }} min)',
    });
    const mail = CourierTemplates.load({ template_override_path: dir }, fs).render(TEMPLATE_TYPES.verificationCodeValid, model);
    expect(mail.subject).toBe('Code 042917 for Ada');
    expect(mail.text).toBe('Hello Ada, 042917 (15 min)');
    expect(mail.html).toContain('<strong>042917</strong>');
    expect(fs.reads).toContain(`${dir}/recovery/invalid/email.body.gotmpl`);
  });

  it('HTML-escapes in email.body.gotmpl', () => {
    const fs = files({ [`${dir}/recovery_code/valid/email.body.gotmpl`]: '<p>{{ .Identity.traits.name }}</p>' });
    const mail = CourierTemplates.load({ template_override_path: dir }, fs).render(TEMPLATE_TYPES.recoveryCodeValid, { ...model, identity: { traits: { name: '<b>' } } });
    expect(mail.html).toBe('<p>&lt;b&gt;</p>');
  });

  it('refuses a path that is not a folder', () => {
    expect(configError(() => CourierTemplates.load({ template_override_path: '/nope' }, files({})))).toContain(
      'courier.template_override_path (env COURIER_TEMPLATE_OVERRIDE_PATH): /nope is not a directory',
    );
  });

  it('refuses a broken file at load, naming the file and line', () => {
    const fs = files({ [`${dir}/recovery/valid/email.body.gotmpl`]: 'ok\n{{ if .RecoveryURL }}' });
    const message = configError(() => CourierTemplates.load({ template_override_path: dir }, fs));
    expect(message).toContain('courier.template_override_path (env COURIER_TEMPLATE_OVERRIDE_PATH)');
    expect(message).toContain(`template ${dir}/recovery/valid/email.body.gotmpl:2: unexpected EOF`);
  });
});

describe('CourierTemplates: courier.templates (inline)', () => {
  it('takes base64://, file:// and raw text, over the folder', () => {
    const fs = files({
      '/etc/templates/recovery_code/valid/email.subject.gotmpl': 'from the folder',
      '/srv/body.gotmpl': 'Your code: {{ .RecoveryCode }}',
    });
    const t = CourierTemplates.load(
      {
        template_override_path: '/etc/templates',
        templates: { recovery_code: { valid: { email: { subject: b64('Hi {{ .Identity.traits.name.first }}'), body: { plaintext: 'file:///srv/body.gotmpl', html: '<i>{{ .RecoveryCode }}</i>' } } } } },
      },
      fs,
    );
    const mail = t.render(TEMPLATE_TYPES.recoveryCodeValid, { ...model, recovery_code: '123456' });
    expect(mail).toEqual({ subject: 'Hi Ada', text: 'Your code: 123456', html: '<i>123456</i>' });
  });

  it('reports every broken inline part under its key and env name', () => {
    const message = configError(() =>
      CourierTemplates.load(
        {
          templates: {
            verification_code: { valid: { email: { subject: b64('{{ .To') } } },
            recovery: { invalid: { email: { body: { html: 'file:///missing.gotmpl', plaintext: 'base64://%%%' } } } },
            verification: { valid: { email: { body: { html: 'https://example.org/t.gotmpl' } } } },
          },
        },
        files({}),
      ),
    );
    expect(message).toContain('courier.templates.verification_code.valid.email.subject (env COURIER_TEMPLATES_VERIFICATION_CODE_VALID_EMAIL_SUBJECT): template courier.templates.verification_code.valid.email.subject:1: unclosed action');
    expect(message).toContain('courier.templates.recovery.invalid.email.body.html (env COURIER_TEMPLATES_RECOVERY_INVALID_EMAIL_BODY_HTML): courier.templates.recovery.invalid.email.body.html: file /missing.gotmpl does not exist');
    expect(message).toContain('COURIER_TEMPLATES_RECOVERY_INVALID_EMAIL_BODY_PLAINTEXT): courier.templates.recovery.invalid.email.body.plaintext: is not valid base64');
    expect(message).toContain('remote (http/https) templates are not supported');
  });
});

describe('resolveInlineTemplate', () => {
  it('decodes standard and URL-safe base64 and reads file:// paths', () => {
    expect(resolveInlineTemplate(b64('Hä {{ .To }}'), files({}))).toBe('Hä {{ .To }}');
    expect(resolveInlineTemplate('base64://' + Buffer.from('??>').toString('base64url'), files({}))).toBe('??>');
    expect(resolveInlineTemplate('file://./rel.gotmpl', files({ './rel.gotmpl': 'rel' }))).toBe('rel');
    expect(resolveInlineTemplate('plain {{ .To }}', files({}))).toBe('plain {{ .To }}');
  });
});
