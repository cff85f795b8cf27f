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
    expect(t.render(TEMPLATE_TYPES.securityNotice, { ...model, password_changed: true }).subject).toBe('Your password was changed');
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

  it('overrides security_notice from <dir>/security_notice/ (no valid/invalid), with the Go names of its model', () => {
    const fs = files({
      [`${dir}/security_notice/email.subject.gotmpl`]: '{{ if .PasswordChanged }}Neues Passwort{{ else if .FactorAdded }}{{ .FactorName }} hinzugefügt{{ end }}',
      [`${dir}/security_notice/email.body.plaintext.gotmpl`]: 'Hallo {{ .Identity.traits.name.first }}: {{ .Notice }} {{ .Factor }} {{ .ChangedAt }}',
    });
    const t = CourierTemplates.load({ template_override_path: dir }, fs);
    const notice = { ...model, notice: 'factor_added', factor_added: true, factor: 'totp', factor_name: 'Authenticator app', changed_at: '2026-05-01 10:34 UTC' };
    const mail = t.render(TEMPLATE_TYPES.securityNotice, notice);
    expect(mail.subject).toBe('Authenticator app hinzugefügt');
    expect(mail.text).toBe('Hallo Ada: factor_added totp 2026-05-01 10:34 UTC');
    expect(mail.html).toContain('Authenticator app'); // the built-in
    expect(t.render(TEMPLATE_TYPES.securityNotice, { ...model, password_changed: true }).subject).toBe('Neues Passwort');
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

  it('takes courier.templates.security_notice.email.* over the folder, and names its key when one is broken', () => {
    const fs = files({ '/etc/templates/security_notice/email.subject.gotmpl': 'from the folder' });
    const t = CourierTemplates.load({ template_override_path: '/etc/templates', templates: { security_notice: { email: { subject: b64('Sicherheitshinweis für {{ .To }}') } } } }, fs);
    expect(t.render(TEMPLATE_TYPES.securityNotice, model).subject).toBe('Sicherheitshinweis für ada@example.org');
    expect(configError(() => CourierTemplates.load({ templates: { security_notice: { email: { body: { html: '{{ if .Passkey }}' } } } } }, files({})))).toContain(
      'courier.templates.security_notice.email.body.html (env COURIER_TEMPLATES_SECURITY_NOTICE_EMAIL_BODY_HTML): template courier.templates.security_notice.email.body.html:1: unexpected EOF',
    );
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
