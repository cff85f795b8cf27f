import { recoveryInvalid } from './recovery/invalid/email';
import { recoveryValid } from './recovery/valid/email';
import { recoveryCodeInvalid } from './recovery_code/invalid/email';
import { recoveryCodeValid } from './recovery_code/valid/email';
import { securityNotice } from './security_notice/email';
import { BuiltinTemplate, TEMPLATE_TYPES, TemplateType } from './template';
import { verificationInvalid } from './verification/invalid/email';
import { verificationValid } from './verification/valid/email';
import { verificationCodeInvalid } from './verification_code/invalid/email';
import { verificationCodeValid } from './verification_code/valid/email';

/** Kratos's template folder names (courier.template_override_path/<dir>/<status>/…, courier.templates.<dir>.<status>.…). */
export const TEMPLATE_DIRS = ['verification_code', 'verification', 'recovery_code', 'recovery'] as const;
export type TemplateDir = (typeof TEMPLATE_DIRS)[number];
export const TEMPLATE_STATUSES = ['valid', 'invalid'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];
/** Gatehouse's own templates: one folder each, without valid/invalid (courier.template_override_path/<name>/…,
 * courier.templates.<name>.…), the name being the template type. */
export const NOTICE_TEMPLATES = [TEMPLATE_TYPES.securityNotice] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

/** Every built-in, by template type. */
export const BUILTIN_TEMPLATES: Readonly<Record<TemplateType, BuiltinTemplate<never>>> = {
  verification_code_valid: verificationCodeValid,
  verification_code_invalid: verificationCodeInvalid,
  verification_valid: verificationValid,
  verification_invalid: verificationInvalid,
  recovery_code_valid: recoveryCodeValid,
  recovery_code_invalid: recoveryCodeInvalid,
  recovery_valid: recoveryValid,
  recovery_invalid: recoveryInvalid,
  security_notice: securityNotice,
};

export function templateType(dir: TemplateDir, status: TemplateStatus): TemplateType {
  return `${dir}_${status}` as TemplateType;
}

/** Where a template's overrides live, as path segments: its folder under courier.template_override_path and its
 * key under courier.templates. `<dir>/<status>` for Kratos's (the type is `<dir>_<status>`), `<name>` for ours. */
export type TemplatePath = readonly [TemplateDir, TemplateStatus] | readonly [NoticeTemplate];

/** Every template type with its path. */
export const TEMPLATE_PATHS: ReadonlyArray<{ type: TemplateType; path: TemplatePath }> = [
  ...TEMPLATE_DIRS.flatMap((dir) => TEMPLATE_STATUSES.map((status) => ({ type: templateType(dir, status), path: [dir, status] as const }))),
  ...NOTICE_TEMPLATES.map((name) => ({ type: name, path: [name] as const })),
];
