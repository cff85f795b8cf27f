import { ExecuteOptions, ParsedTemplate, executeTemplate, parseTemplate } from './gotmpl';
import { templateData } from './model';

/** Kratos's courier template types (kratos:courier/template/type.go) that the notifier knows, and Gatehouse's own
 * security_notice (not one of Kratos's). */
export const TEMPLATE_TYPES = {
  verificationCodeValid: 'verification_code_valid',
  verificationCodeInvalid: 'verification_code_invalid',
  verificationValid: 'verification_valid',
  verificationInvalid: 'verification_invalid',
  recoveryCodeValid: 'recovery_code_valid',
  recoveryCodeInvalid: 'recovery_code_invalid',
  recoveryValid: 'recovery_valid',
  recoveryInvalid: 'recovery_invalid',
  securityNotice: 'security_notice',
} as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[keyof typeof TEMPLATE_TYPES];
/** The templates that carry a one-time secret: the code and link mails of verification and recovery. */
export type ChallengeTemplateType = (typeof TEMPLATE_TYPES)['verificationCodeValid' | 'verificationValid' | 'recoveryCodeValid' | 'recoveryValid'];

/** A rendered e-mail: Kratos's email.subject, email.body (HTML) and email.body.plaintext. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The three Go template sources of an e-mail template (Kratos: email.subject.gotmpl, email.body.gotmpl,
 * email.body.plaintext.gotmpl). */
export interface EmailSources {
  subject: string;
  html: string;
  plaintext: string;
}
export type EmailPart = keyof EmailSources;
export const EMAIL_PARTS: readonly EmailPart[] = ['subject', 'html', 'plaintext'];

export type CompiledEmail = Record<EmailPart, ParsedTemplate>;

export interface EmailTemplate<Model> {
  type: TemplateType;
  subject(model: Model): string;
  html(model: Model): string;
  text(model: Model): string;
}

export function render<Model>(template: EmailTemplate<Model>, model: Model): RenderedEmail {
  return { subject: template.subject(model), html: template.html(model), text: template.text(model) };
}

const TEXT: ExecuteOptions = { html: false };
const HTML: ExecuteOptions = { html: true };

/** Renders compiled parts with a model in JSON names (the template also sees Kratos's Go field names). */
export function renderCompiled(email: CompiledEmail, model: object): RenderedEmail {
  const data = templateData(model);
  return { subject: executeTemplate(email.subject, data, TEXT), html: executeTemplate(email.html, data, HTML), text: executeTemplate(email.plaintext, data, TEXT) };
}

/** A built-in template: Kratos's embedded .gotmpl sources, parsed once. */
export interface BuiltinTemplate<Model> extends EmailTemplate<Model> {
  sources: EmailSources;
}

export function builtinTemplate<Model extends object>(type: TemplateType, sources: EmailSources): BuiltinTemplate<Model> {
  const compiled: CompiledEmail = {
    subject: parseTemplate(sources.subject, `${type}/email.subject`),
    html: parseTemplate(sources.html, `${type}/email.body`),
    plaintext: parseTemplate(sources.plaintext, `${type}/email.body.plaintext`),
  };
  return {
    type,
    sources,
    subject: (m) => executeTemplate(compiled.subject, templateData(m), TEXT),
    html: (m) => executeTemplate(compiled.html, templateData(m), HTML),
    text: (m) => executeTemplate(compiled.plaintext, templateData(m), TEXT),
  };
}

/** Lines joined with "\n", ending in a newline (the built-in bodies). */
export const lines = (...l: string[]): string => [...l, ''].join('\n');
