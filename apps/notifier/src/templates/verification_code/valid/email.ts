import { builtinTemplate, lines, TEMPLATE_TYPES } from '../../template';

/** The variables of Kratos's verification_code_valid template (VerificationCodeValidModel, JSON names). */
export interface VerificationCodeValidModel {
  to: string;
  verification_code: string;
  verification_url: string;
  identity: { id: string; schema_id: string; traits: Record<string, unknown> };
  expires_in_minutes: number;
}

/** Kratos's built-in courier/builtin/templates/verification_code/valid/email.*.gotmpl, embedded so dist needs no asset copy. */
export const verificationCodeValid = builtinTemplate<VerificationCodeValidModel>(TEMPLATE_TYPES.verificationCodeValid, {
  subject: 'Please verify your email address',
  plaintext: lines(
    'Hi,',
    '',
    'please verify your account by entering the following code:',
    '',
    '{{ .VerificationCode }}',
    '',
    'or clicking the following link:',
    '',
    '{{ .VerificationURL }}',
    '',
    'The code expires in {{ .ExpiresInMinutes }} minutes.',
  ),
  html: lines(
    '<!doctype html>',
    '<html><body>',
    '<p>Hi,</p>',
    '<p>please verify your account by entering the following code:</p>',
    '<p><strong>{{ .VerificationCode }}</strong></p>',
    '<p>or clicking the following link:</p>',
    '<p><a href="{{ .VerificationURL }}">{{ .VerificationURL }}</a></p>',
    '<p>The code expires in {{ .ExpiresInMinutes }} minutes.</p>',
    '</body></html>',
  ),
});

/** <serve.public.base_url>/self-service/verification?flow=<verification flow id>&code=<code>, as Kratos links it
 * (`&token=<token>` for the link method). */
export function verificationUrl(publicBaseUrl: string, flowId: string, code: string, param: 'code' | 'token' = 'code'): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/self-service/verification`;
  url.search = '';
  url.searchParams.set('flow', flowId);
  url.searchParams.set(param, code);
  return url.toString();
}
