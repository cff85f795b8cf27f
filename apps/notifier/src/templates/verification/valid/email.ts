import { escapeHtml } from '../../html';
import { EmailTemplate, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's verification_valid template (VerificationValidModel, JSON names): the link method. */
export interface VerificationValidModel {
  to: string;
  verification_url: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/verification/valid/email.*.gotmpl, embedded. */
export const verificationValid: EmailTemplate<VerificationValidModel> = {
  type: TEMPLATE_TYPES.verificationValid,

  subject: () => 'Please verify your email address',

  text: (m) => ['Hi, please verify your account by clicking the following link:', '', m.verification_url, '', `The link expires in ${m.expires_in_minutes} minutes.`, ''].join('\n'),

  html: (m) => {
    const url = escapeHtml(m.verification_url);
    return [
      '<!doctype html>',
      '<html><body>',
      `<p>Hi, please verify your account by clicking the following link:</p>`,
      `<p><a href="${url}">${url}</a></p>`,
      `<p>The link expires in ${m.expires_in_minutes} minutes.</p>`,
      '</body></html>',
      '',
    ].join('\n');
  },
};
