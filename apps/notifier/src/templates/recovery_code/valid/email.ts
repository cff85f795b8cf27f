import { escapeHtml } from '../../html';
import { EmailTemplate, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's recovery_code_valid template (RecoveryCodeValidModel, JSON names). */
export interface RecoveryCodeValidModel {
  to: string;
  recovery_code: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/recovery_code/valid/email.*.gotmpl, embedded. */
export const recoveryCodeValid: EmailTemplate<RecoveryCodeValidModel> = {
  type: TEMPLATE_TYPES.recoveryCodeValid,

  subject: () => 'Recover access to your account',

  text: (m) =>
    ['Hi,', '', 'please recover access to your account by entering the following code:', '', m.recovery_code, '', `The code expires in ${m.expires_in_minutes} minutes.`, ''].join('\n'),

  html: (m) =>
    [
      '<!doctype html>',
      '<html><body>',
      '<p>Hi,</p>',
      '<p>please recover access to your account by entering the following code:</p>',
      `<p><strong>${escapeHtml(m.recovery_code)}</strong></p>`,
      `<p>The code expires in ${m.expires_in_minutes} minutes.</p>`,
      '</body></html>',
      '',
    ].join('\n'),
};
