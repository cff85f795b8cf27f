import { FactorType } from '@gatehouse/contracts';
import { render } from '../template';
import { SecurityNoticeModel, securityNotice, securityNoticeModel } from './email';

const identity = { id: '0b5c6e1e-8a39-4a0e-9a52-2a3f6f2d8e11', schema_id: 'default', traits: { email: 'ada@example.org' } };
const model = (type: SecurityNoticeModel['notice'], factor?: FactorType): SecurityNoticeModel =>
  securityNoticeModel({ to: 'ada@example.org', identity, notice: { type, factor, requested_at: '2026-05-01T12:34:56.789+02:00' } });

describe('security_notice template', () => {
  it('has the type security_notice', () => {
    expect(securityNotice.type).toBe('security_notice');
  });

  it.each<[SecurityNoticeModel['notice'], FactorType | undefined, string]>([
    ['password_changed', undefined, 'Your password was changed'],
    ['factor_added', 'totp', 'A second factor was added to your account: Authenticator app'],
    ['factor_added', 'lookup_secret', 'A second factor was added to your account: Backup recovery codes'],
    ['factor_added', 'webauthn', 'A second factor was added to your account: Security key'],
    ['factor_removed', 'totp', 'A second factor was removed from your account: Authenticator app'],
    ['factor_removed', 'webauthn', 'A second factor was removed from your account: Security key'],
    ['factor_added', 'passkey', 'A passkey was added to your account'],
    ['factor_removed', 'passkey', 'A passkey was removed from your account'],
    ['factor_added', undefined, 'A second factor was added to your account'],
  ])('%s %s: "%s" as the subject and the first sentence of both bodies', (type, factor, headline) => {
    const mail = render(securityNotice, model(type, factor));
    expect(mail.subject).toBe(headline);
    expect(mail.text).toContain(`\n\n${headline}.\n\n`);
    expect(mail.html).toContain(`<p>${headline}.</p>`);
  });

  it('says when, in UTC, and what to do if it was not you; the plaintext has no markup', () => {
    const { text, html } = render(securityNotice, model('password_changed'));
    expect(text).toContain('This happened on 2026-05-01 10:34 UTC.');
    expect(text).toContain('If it was not you, someone else may have access to your account');
    expect(text).not.toMatch(/<[a-z]/i);
    expect(html).toContain('<p>This happened on 2026-05-01 10:34 UTC.</p>');
  });

  it('carries no link and nothing but what changed', () => {
    const { subject, text, html } = render(securityNotice, model('factor_added', 'totp'));
    expect(`${subject}${text}${html}`).not.toMatch(/https?:|href=|code|token/i);
  });

  it('gives templates one flag per notice type and the factor', () => {
    expect(model('factor_removed', 'webauthn')).toEqual({
      to: 'ada@example.org',
      identity,
      notice: 'factor_removed',
      password_changed: false,
      factor_added: false,
      factor_removed: true,
      factor: 'webauthn',
      factor_name: 'Security key',
      passkey: false,
      changed_at: '2026-05-01 10:34 UTC',
    });
    expect(model('password_changed')).toMatchObject({ password_changed: true, factor: '', factor_name: '', passkey: false });
  });
});
