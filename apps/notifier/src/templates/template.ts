/** Kratos's courier template types (kratos:courier/template/type.go) that the notifier can send. */
export const TEMPLATE_TYPES = {
  verificationCodeValid: 'verification_code_valid',
  verificationValid: 'verification_valid',
  recoveryCodeValid: 'recovery_code_valid',
  recoveryValid: 'recovery_valid',
} as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[keyof typeof TEMPLATE_TYPES];

/** A rendered e-mail: Kratos's email.subject, email.body (HTML) and email.body.plaintext. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailTemplate<Model> {
  type: TemplateType;
  subject(model: Model): string;
  html(model: Model): string;
  text(model: Model): string;
}

export function render<Model>(template: EmailTemplate<Model>, model: Model): RenderedEmail {
  return { subject: template.subject(model), html: template.html(model), text: template.text(model) };
}
