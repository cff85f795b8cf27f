/** The JSON names of Kratos's template models (what the built-ins were written against) and the Go field
 * names Kratos's .gotmpl templates use. A template sees both: `{{ .VerificationCode }}` and
 * `{{ .verification_code }}` print the same value. */
const GO_NAMES: Record<string, string> = {
  to: 'To',
  identity: 'Identity',
  verification_code: 'VerificationCode',
  verification_url: 'VerificationURL',
  recovery_code: 'RecoveryCode',
  recovery_url: 'RecoveryURL',
  request_url: 'RequestURL',
  transient_payload: 'TransientPayload',
  expires_in_minutes: 'ExpiresInMinutes',
  // security_notice (Gatehouse's), named in the same style
  notice: 'Notice',
  password_changed: 'PasswordChanged',
  factor_added: 'FactorAdded',
  factor_removed: 'FactorRemoved',
  factor: 'Factor',
  factor_name: 'FactorName',
  passkey: 'Passkey',
  changed_at: 'ChangedAt',
};

/** The template data for a model with JSON names: every key under its JSON name and, where Kratos has one,
 * under its Go field name. RequestURL and TransientPayload exist (empty) as in Kratos. */
export function templateData(model: object): Record<string, unknown> {
  const data: Record<string, unknown> = { request_url: '', transient_payload: {}, ...model };
  for (const [json, value] of Object.entries(data)) {
    const go = GO_NAMES[json];
    if (go) data[go] = value;
  }
  return data;
}

/** The variables of Kratos's *_invalid templates (sent to an address no identity has), JSON names. */
export interface InvalidAddressModel {
  to: string;
  request_url?: string;
  transient_payload?: Record<string, unknown>;
}
