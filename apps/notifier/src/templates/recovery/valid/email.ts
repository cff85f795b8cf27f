import { escapeHtml } from '../../html';
import { EmailTemplate, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's recovery_valid template (RecoveryValidModel, JSON names): the link method. */
export interface RecoveryValidModel {
  to: string;
  recovery_url: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/recovery/valid/email.*.gotmpl, embedded. */
export const recoveryValid: EmailTemplate<RecoveryValidModel> = {
  type: TEMPLATE_TYPES.recoveryValid,

  subject: () => 'Recover access to your account',

  text: (m) => ['Hi,', '', 'please recover access to your account by clicking the following link:', '', m.recovery_url, '', `The link expires in ${m.expires_in_minutes} minutes.`, ''].join('\n'),

  html: (m) => {
    const url = escapeHtml(m.recovery_url);
    return [
      '<!doctype html>',
      '<html><body>',
      '<p>Hi,</p>',
      '<p>please recover access to your account by clicking the following link:</p>',
      `<p><a href="${url}">${url}</a></p>`,
      `<p>The link expires in ${m.expires_in_minutes} minutes.</p>`,
      '</body></html>',
      '',
    ].join('\n');
  },
};

/** <serve.public.base_url>/self-service/recovery?flow=<recovery flow id>&token=<token>, as Kratos links it. */
export function recoveryUrl(publicBaseUrl: string, flowId: string, token: string): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/self-service/recovery`;
  url.search = '';
  url.searchParams.set('flow', flowId);
  url.searchParams.set('token', token);
  return url.toString();
}
