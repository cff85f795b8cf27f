import { builtinTemplate, lines, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's recovery_code_valid template (RecoveryCodeValidModel, JSON names). */
export interface RecoveryCodeValidModel {
  to: string;
  recovery_code: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/recovery_code/valid/email.*.gotmpl, embedded. */
export const recoveryCodeValid = builtinTemplate<RecoveryCodeValidModel>(TEMPLATE_TYPES.recoveryCodeValid, {
  subject: 'Recover access to your account',
  plaintext: lines('Hi,', '', 'please recover access to your account by entering the following code:', '', '{{ .RecoveryCode }}', '', 'The code expires in {{ .ExpiresInMinutes }} minutes.'),
  html: lines(
    '<!doctype html>',
    '<html><body>',
    '<p>Hi,</p>',
    '<p>please recover access to your account by entering the following code:</p>',
    '<p><strong>{{ .RecoveryCode }}</strong></p>',
    '<p>The code expires in {{ .ExpiresInMinutes }} minutes.</p>',
    '</body></html>',
  ),
});
