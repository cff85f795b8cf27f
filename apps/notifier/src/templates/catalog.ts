import { recoveryInvalid } from './recovery/invalid/email';
import { recoveryValid } from './recovery/valid/email';
import { recoveryCodeInvalid } from './recovery_code/invalid/email';
import { recoveryCodeValid } from './recovery_code/valid/email';
import { BuiltinTemplate, TemplateType } from './template';
import { verificationInvalid } from './verification/invalid/email';
import { verificationValid } from './verification/valid/email';
import { verificationCodeInvalid } from './verification_code/invalid/email';
import { verificationCodeValid } from './verification_code/valid/email';

/** Kratos's template folder names (courier.template_override_path/<dir>/…, courier.templates.<dir>.…). */
export const TEMPLATE_DIRS = ['verification_code', 'verification', 'recovery_code', 'recovery'] as const;
export type TemplateDir = (typeof TEMPLATE_DIRS)[number];
export const TEMPLATE_STATUSES = ['valid', 'invalid'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** Every built-in, by template type; its folder is `<dir>/<status>` where the type is `<dir>_<status>`. */
export const BUILTIN_TEMPLATES: Readonly<Record<TemplateType, BuiltinTemplate<never>>> = {
  verification_code_valid: verificationCodeValid,
  verification_code_invalid: verificationCodeInvalid,
  verification_valid: verificationValid,
  verification_invalid: verificationInvalid,
  recovery_code_valid: recoveryCodeValid,
  recovery_code_invalid: recoveryCodeInvalid,
  recovery_valid: recoveryValid,
  recovery_invalid: recoveryInvalid,
};

export function templateType(dir: TemplateDir, status: TemplateStatus): TemplateType {
  return `${dir}_${status}` as TemplateType;
}
