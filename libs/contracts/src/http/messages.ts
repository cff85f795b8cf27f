/** Kratos UI text messages ({id, text, type, context}); clients key on the numeric ids. */
export interface UiText {
  id: number;
  text: string;
  type: 'info' | 'error' | 'success';
  context?: Record<string, unknown>;
}

export const Messages = {
  signUp: (): UiText => ({ id: 1040001, text: 'Sign up', type: 'info' }),
  password: (): UiText => ({ id: 1070001, text: 'Password', type: 'info' }),
  fromSchemaTitle: (title: string, name: string): UiText => ({ id: 1070002, text: title, type: 'info', context: { title, name } }),
  validation: (reason: string): UiText => ({ id: 4000001, text: reason, type: 'error', context: { reason } }),
  required: (property: string): UiText => ({
    id: 4000002,
    text: `Property ${property} is missing.`,
    type: 'error',
    context: { property },
  }),
  duplicateIdentifier: (): UiText => ({
    id: 4000007,
    text: 'An account with the same identifier (email, phone, username, ...) exists already.',
    type: 'error',
  }),
  passwordTooShort: (min: number, actual: number): UiText => ({
    id: 4000032,
    text: `The password must be at least ${min} characters long, but got ${actual}.`,
    type: 'error',
    context: { min_length: min, actual_length: actual },
  }),
  passwordTooLong: (max: number, actual: number): UiText => ({
    id: 4000033,
    text: `The password must be at most ${max} characters long, but got ${actual}.`,
    type: 'error',
    context: { max_length: max, actual_length: actual },
  }),
  noIdentifiers: (): UiText => ({
    id: 4000009,
    text: 'Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.',
    type: 'error',
  }),
  back: (): UiText => ({ id: 1040008, text: 'Back', type: 'info' }),
  chooseCredential: (): UiText => ({ id: 1040009, text: 'Please choose a credential to authenticate yourself with.', type: 'info' }),
  noRegistrationStrategy: (): UiText => ({
    id: 4010003,
    text: 'Could not find a strategy to sign you up with. Did you fill out the form correctly?',
    type: 'error',
  }),
  registrationFlowExpired: (minutesAgo: number): UiText => ({
    id: 4040001,
    text: `The registration flow expired ${minutesAgo.toFixed(2)} minutes ago, please try again.`,
    type: 'error',
  }),
  /** Kratos sends no context with 4000031. */
  passwordTooSimilar: (): UiText => ({
    id: 4000031,
    text: 'The password can not be used because it is too similar to the identifier.',
    type: 'error',
  }),
  /** `breaches` is how often the password appears in the breach corpus, as Kratos's context carries it. */
  passwordBreached: (breaches: number): UiText => ({
    id: 4000034,
    text: 'The password has been found in data breaches and must no longer be used.',
    type: 'error',
    context: { breaches },
  }),
  loginFlowExpired: (minutesAgo: number): UiText => ({
    id: 4010001,
    text: `The login flow expired ${minutesAgo.toFixed(2)} minutes ago, please try again.`,
    type: 'error',
  }),
} as const;
