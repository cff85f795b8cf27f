import { builtinTemplate, lines, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's verification_valid template (VerificationValidModel, JSON names): the link method. */
export interface VerificationValidModel {
  to: string;
  verification_url: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/verification/valid/email.*.gotmpl, embedded. */
export const verificationValid = builtinTemplate<VerificationValidModel>(TEMPLATE_TYPES.verificationValid, {
  subject: 'Please verify your email address',
  plaintext: lines('Hi, please verify your account by clicking the following link:', '', '{{ .VerificationURL }}', '', 'The link expires in {{ .ExpiresInMinutes }} minutes.'),
  html: lines(
    '<!doctype html>',
    '<html><body>',
    '<p>Hi, please verify your account by clicking the following link:</p>',
    '<p><a href="{{ .VerificationURL }}">{{ .VerificationURL }}</a></p>',
    '<p>The link expires in {{ .ExpiresInMinutes }} minutes.</p>',
    '</body></html>',
  ),
});
