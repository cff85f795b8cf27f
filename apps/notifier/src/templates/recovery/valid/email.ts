import { builtinTemplate, lines, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's recovery_valid template (RecoveryValidModel, JSON names): the link method. */
export interface RecoveryValidModel {
  to: string;
  recovery_url: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/recovery/valid/email.*.gotmpl, embedded. */
export const recoveryValid = builtinTemplate<RecoveryValidModel>(TEMPLATE_TYPES.recoveryValid, {
  subject: 'Recover access to your account',
  plaintext: lines('Hi,', '', 'please recover access to your account by clicking the following link:', '', '{{ .RecoveryURL }}', '', 'The link expires in {{ .ExpiresInMinutes }} minutes.'),
  html: lines(
    '<!doctype html>',
    '<html><body>',
    '<p>Hi,</p>',
    '<p>please recover access to your account by clicking the following link:</p>',
    '<p><a href="{{ .RecoveryURL }}">{{ .RecoveryURL }}</a></p>',
    '<p>The link expires in {{ .ExpiresInMinutes }} minutes.</p>',
    '</body></html>',
  ),
});

/** <serve.public.base_url>/self-service/recovery?flow=<recovery flow id>&token=<token>, as Kratos links it. */
export function recoveryUrl(publicBaseUrl: string, flowId: string, token: string): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/self-service/recovery`;
  url.search = '';
  url.searchParams.set('flow', flowId);
  url.searchParams.set('token', token);
  return url.toString();
}
