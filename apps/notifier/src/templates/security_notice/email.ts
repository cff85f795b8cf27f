import type { FactorType, SecurityNoticeRequested } from '@gatehouse/contracts';
import { builtinTemplate, lines, TEMPLATE_TYPES } from '../template';

type NoticeType = SecurityNoticeRequested.V1.Data['notice'];

/** The variables of the security_notice template (Gatehouse's own; JSON names, Go names in model.ts). One flag per
 * notice type, since the template language compares nothing: `{{ if .PasswordChanged }}…{{ else if .FactorAdded }}…`.
 * It never carries a secret: the notice names what changed and when, nothing that would let anyone in. */
export interface SecurityNoticeModel {
  to: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  /** password_changed, factor_added or factor_removed */
  notice: NoticeType;
  password_changed: boolean;
  factor_added: boolean;
  factor_removed: boolean;
  /** The credential type added or removed (totp, lookup_secret, webauthn, passkey); empty for a password change. */
  factor: string;
  /** The factor as a person knows it: "Authenticator app", …; empty when the notice names none. */
  factor_name: string;
  /** The factor is a passkey: a way to sign in, not a second factor. */
  passkey: boolean;
  /** When the change was made, in UTC: "2026-05-01 10:00 UTC". */
  changed_at: string;
}

/** How the built-in mail names each factor. */
export const FACTOR_NAMES: Readonly<Record<FactorType, string>> = {
  totp: 'Authenticator app',
  lookup_secret: 'Backup recovery codes',
  webauthn: 'Security key',
  passkey: 'Passkey',
};

/** The model of one notice mail. */
export function securityNoticeModel(o: {
  to: string;
  identity: SecurityNoticeModel['identity'];
  notice: { type: NoticeType; factor?: FactorType; requested_at: string };
}): SecurityNoticeModel {
  const { type, factor, requested_at } = o.notice;
  return {
    to: o.to,
    identity: o.identity,
    notice: type,
    password_changed: type === 'password_changed',
    factor_added: type === 'factor_added',
    factor_removed: type === 'factor_removed',
    factor: factor ?? '',
    factor_name: factor ? FACTOR_NAMES[factor] : '',
    passkey: factor === 'passkey',
    changed_at: `${new Date(requested_at).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}

/** What happened, one line: the subject, and the first sentence of the bodies. */
const HEADLINE =
  '{{ if .PasswordChanged }}Your password was changed' +
  '{{ else if .Passkey }}A passkey was {{ if .FactorAdded }}added to{{ else }}removed from{{ end }} your account' +
  '{{ else }}A second factor was {{ if .FactorAdded }}added to{{ else }}removed from{{ end }} your account{{ if .FactorName }}: {{ .FactorName }}{{ end }}{{ end }}';
const WHEN = 'This happened on {{ .ChangedAt }}.';
const IF_YOU = 'If this was you, there is nothing else to do.';
const IF_NOT = 'If it was not you, someone else may have access to your account: recover it right away and review how you sign in.';

/** The built-in security_notice mail (courier.template_override_path/security_notice/email.*.gotmpl and
 * courier.templates.security_notice.email.* override it, as Kratos's templates are overridden). */
export const securityNotice = builtinTemplate<SecurityNoticeModel>(TEMPLATE_TYPES.securityNotice, {
  subject: HEADLINE,
  plaintext: lines('Hi,', '', `${HEADLINE}.`, '', WHEN, '', IF_YOU, IF_NOT),
  html: lines('<!doctype html>', '<html><body>', '<p>Hi,</p>', `<p>${HEADLINE}.</p>`, `<p>${WHEN}</p>`, `<p>${IF_YOU}<br>${IF_NOT}</p>`, '</body></html>'),
});
