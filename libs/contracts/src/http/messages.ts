/** Kratos UI text messages ({id, text, type, context}); clients key on the numeric ids. */
export interface UiText {
  id: number;
  text: string;
  type: UiTextType;
  context?: Record<string, unknown>;
}

export type UiTextType = 'info' | 'error' | 'success';

/** One Kratos message: called with its arguments it makes the UiText; `id` and `type` are on it for tests and
 * comparisons. */
export type UiMessage<A extends unknown[]> = ((...args: A) => UiText) & { readonly id: number; readonly type: UiTextType };

function message<A extends unknown[]>(id: number, type: UiTextType, text: (...args: A) => string, context?: (...args: A) => Record<string, unknown>): UiMessage<A> {
  const make = (...args: A): UiText => (context ? { id, text: text(...args), type, context: context(...args) } : { id, text: text(...args), type });
  return Object.assign(make, { id, type });
}

const minutesSince = (expiredAt: string, now: Date): string => ((now.getTime() - Date.parse(expiredAt)) / 60_000).toFixed(2);
const expiredAtUnix = (expiredAt: string) => ({ expired_at_unix: Math.floor(Date.parse(expiredAt) / 1000) });
const flowExpired = (flow: string) => (expiredAt: string, now: Date) => `The ${flow} flow expired ${minutesSince(expiredAt, now)} minutes ago, please try again.`;
const emailSent = (what: string) => () =>
  `An email containing a ${what} has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.`;

/** Every Kratos UI message Gatehouse shows, by Kratos's names (kratos:text/id.go, texts from
 * kratos:text/message_*.go). The only place a message id or text is written; tests assert the ids. */
export const Messages = {
  // login (1010000 +)
  InfoSelfServiceLoginPassword: message(1010022, 'info', () => 'Sign in with password'),
  // registration (1040000 +)
  InfoSelfServiceRegistration: message(1040001, 'info', () => 'Sign up'),
  InfoSelfServiceRegistrationRegisterWebAuthn: message(1040004, 'info', () => 'Sign up with security key'),
  InfoSelfServiceRegistrationRegisterPasskey: message(1040007, 'info', () => 'Sign up with passkey'),
  InfoSelfServiceRegistrationBack: message(1040008, 'info', () => 'Back'),
  InfoSelfServiceRegistrationChooseCredentials: message(1040009, 'info', () => 'Please choose a credential to authenticate yourself with.'),
  // settings (1050000 +)
  InfoSelfServiceSettingsUpdateSuccess: message(1050001, 'success', () => 'Your changes have been saved!'),
  // recovery (1060000 +)
  InfoSelfServiceRecoverySuccessful: message(
    1060001,
    'success',
    (minutesLeft: number) =>
      `You successfully recovered your account. Please change your password or set up an alternative login method (e.g. social sign in) within the next ${minutesLeft.toFixed(2)} minutes.`,
  ),
  InfoSelfServiceRecoveryEmailSent: message(1060002, 'info', emailSent('recovery link')),
  InfoSelfServiceRecoveryEmailWithCodeSent: message(1060003, 'info', emailSent('recovery code')),
  // node labels (1070000 +)
  InfoNodeLabelInputPassword: message(1070001, 'info', () => 'Password'),
  /** the label of a schema field: its title */
  InfoNodeLabelGenerated: message(1070002, 'info', (title: string, _name: string) => title, (title, name) => ({ title, name })),
  InfoNodeLabelSave: message(1070003, 'info', () => 'Save'),
  InfoNodeLabelID: message(1070004, 'info', () => 'ID'),
  InfoNodeLabelSubmit: message(1070005, 'info', () => 'Submit'),
  InfoNodeLabelEmail: message(1070007, 'info', () => 'Email'),
  InfoNodeLabelResendOTP: message(1070008, 'info', () => 'Resend code'),
  InfoNodeLabelContinue: message(1070009, 'info', () => 'Continue'),
  InfoNodeLabelRecoveryCode: message(1070010, 'info', () => 'Recovery code'),
  InfoNodeLabelVerificationCode: message(1070011, 'info', () => 'Verification code'),
  // verification (1080000 +)
  InfoSelfServiceVerificationEmailSent: message(1080001, 'info', emailSent('verification link')),
  InfoSelfServiceVerificationSuccessful: message(1080002, 'success', () => 'You successfully verified your email address.'),
  InfoSelfServiceVerificationEmailWithCodeSent: message(1080003, 'info', emailSent('verification code')),
  // validation (4000000 +)
  ErrorValidationGeneric: message(4000001, 'error', (reason: string) => reason, (reason) => ({ reason })),
  ErrorValidationRequired: message(4000002, 'error', (property: string) => `Property ${property} is missing.`, (property) => ({ property })),
  ErrorValidationMinLength: message(
    4000003,
    'error',
    (min: number, actual: number) => `length must be >= ${min}, but got ${actual}`,
    (min, actual) => ({ min_length: min, actual_length: actual }),
  ),
  ErrorValidationInvalidFormat: message(4000004, 'error', (pattern: string) => `does not match pattern ${JSON.stringify(pattern)}`, (pattern) => ({ pattern })),
  ErrorValidationInvalidCredentials: message(
    4000006,
    'error',
    () => 'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
  ),
  ErrorValidationDuplicateCredentials: message(4000007, 'error', () => 'An account with the same identifier (email, phone, username, ...) exists already.'),
  ErrorValidationIdentifierMissing: message(
    4000009,
    'error',
    () => 'Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.',
  ),
  ErrorValidationAddressNotVerified: message(4000010, 'error', () => 'Account not active yet. Did you forget to verify your email address?'),
  ErrorValidationMaxLength: message(
    4000017,
    'error',
    (max: number, actual: number) => `length must be <= ${max}, but got ${actual}`,
    (max, actual) => ({ max_length: max, actual_length: actual }),
  ),
  ErrorValidationWrongType: message(
    4000026,
    'error',
    (allowed: string, actual: string) => `expected ${allowed}, but got ${actual}`,
    (allowed, actual) => ({ allowed_types: [allowed], actual_type: actual }),
  ),
  /** Kratos sends no context with 4000031. */
  ErrorValidationPasswordIdentifierTooSimilar: message(4000031, 'error', () => 'The password can not be used because it is too similar to the identifier.'),
  ErrorValidationPasswordMinLength: message(
    4000032,
    'error',
    (min: number, actual: number) => `The password must be at least ${min} characters long, but got ${actual}.`,
    (min, actual) => ({ min_length: min, actual_length: actual }),
  ),
  ErrorValidationPasswordMaxLength: message(
    4000033,
    'error',
    (max: number, actual: number) => `The password must be at most ${max} characters long, but got ${actual}.`,
    (max, actual) => ({ max_length: max, actual_length: actual }),
  ),
  /** `breaches` is how often the password appears in the breach corpus, as Kratos's context carries it. */
  ErrorValidationPasswordTooManyBreaches: message(
    4000034,
    'error',
    (_breaches: number) => 'The password has been found in data breaches and must no longer be used.',
    (breaches) => ({ breaches }),
  ),
  // login (4010000 +), also the other flows' "no strategy" messages
  ErrorValidationLoginFlowExpired: message(4010001, 'error', flowExpired('login')),
  ErrorValidationLoginNoStrategyFound: message(4010002, 'error', () => 'Could not find a strategy to log you in with. Did you fill out the form correctly?'),
  ErrorValidationRegistrationNoStrategyFound: message(4010003, 'error', () => 'Could not find a strategy to sign you up with. Did you fill out the form correctly?'),
  ErrorValidationSettingsNoStrategyFound: message(4010004, 'error', () => 'Could not find a strategy to update your settings. Did you fill out the form correctly?'),
  ErrorValidationRecoveryNoStrategyFound: message(4010005, 'error', () => 'Could not find a strategy to recover your account with. Did you fill out the form correctly?'),
  ErrorValidationAccountDisabled: message(4010011, 'error', () => 'This account has been disabled. Please contact support for assistance.'),
  // registration (4040000 +)
  ErrorValidationRegistrationFlowExpired: message(4040001, 'error', flowExpired('registration')),
  // settings (4050000 +)
  ErrorValidationSettingsFlowExpired: message(4050001, 'error', flowExpired('settings'), expiredAtUnix),
  // recovery (4060000 +)
  ErrorValidationRecoveryRetrySuccess: message(4060001, 'error', () => 'The request was already completed successfully and can not be retried.'),
  ErrorValidationRecoveryTokenInvalidOrAlreadyUsed: message(4060004, 'error', () => 'The recovery token is invalid or has already been used. Please retry the flow.'),
  ErrorValidationRecoveryFlowExpired: message(4060005, 'error', flowExpired('recovery'), expiredAtUnix),
  ErrorValidationRecoveryCodeInvalidOrAlreadyUsed: message(4060006, 'error', () => 'The recovery code is invalid or has already been used. Please try again.'),
  // verification (4070000 +)
  ErrorValidationVerificationTokenInvalidOrAlreadyUsed: message(
    4070001,
    'error',
    () => 'The verification token is invalid or has already been used. Please retry the flow.',
  ),
  ErrorValidationVerificationFlowExpired: message(4070005, 'error', flowExpired('verification'), expiredAtUnix),
  ErrorValidationVerificationCodeInvalidOrAlreadyUsed: message(4070006, 'error', () => 'The verification code is invalid or has already been used. Please try again.'),
  // settings profile and assurance levels
  InfoSelfServiceLoginReAuth: message(1010003, 'info', () => 'Please confirm this action by verifying that it is you.'),
  InfoSelfServiceLoginMFA: message(1010004, 'info', () => 'Please complete the second authentication challenge.'),
  // totp
  InfoSelfServiceLoginTOTPLabel: message(1010006, 'info', () => 'Authentication code'),
  InfoLoginTOTP: message(1010009, 'info', () => 'Use Authenticator'),
  InfoSelfServiceSettingsUpdateUnlinkTOTP: message(1050004, 'info', () => 'Unlink TOTP Authenticator App'),
  InfoSelfServiceSettingsTOTPQRCode: message(1050005, 'info', () => 'Authenticator app QR code'),
  /** the base32 secret, for people who can not scan the QR code */
  InfoSelfServiceSettingsTOTPSecret: message(1050006, 'info', (secret: string) => secret, (secret) => ({ secret })),
  InfoSelfServiceSettingsTOTPSecretLabel: message(1050017, 'info', () => 'This is your authenticator app secret. Use it if you can not scan the QR code.'),
  InfoNodeLabelVerifyOTP: message(1070006, 'info', () => 'Verify code'),
  ErrorValidationTOTPVerifierWrong: message(4000008, 'error', () => 'The provided authentication code is invalid, please try again.'),
  ErrorValidationNoTOTPDevice: message(4000011, 'error', () => 'You have no TOTP device set up.'),
  // lookup_secret
  InfoLoginLookupLabel: message(1010007, 'info', () => 'Backup recovery code'),
  InfoLoginLookup: message(1010010, 'info', () => 'Use backup recovery code'),
  InfoSelfServiceSettingsRevealLookup: message(1050007, 'info', () => 'Reveal backup recovery codes'),
  InfoSelfServiceSettingsRegenerateLookup: message(1050008, 'info', () => 'Generate new backup recovery codes'),
  InfoSelfServiceSettingsLookupSecret: message(1050009, 'info', (secret: string) => secret, (secret) => ({ secret })),
  InfoSelfServiceSettingsLookupSecretLabel: message(1050010, 'info', () => 'These are your back up recovery codes. Please keep them in a safe place!'),
  InfoSelfServiceSettingsLookupConfirm: message(1050011, 'info', () => 'Confirm backup recovery codes'),
  /** `usedAt` is an ISO time (to the second, as stored); the text prints it as Go prints a UTC time */
  InfoSelfServiceSettingsLookupSecretUsed: message(
    1050014,
    'info',
    (usedAt: string) => `Secret was used at ${new Date(usedAt).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`,
    (usedAt) => ({ used_at: `${new Date(usedAt).toISOString().slice(0, 19)}Z`, used_at_unix: Math.floor(Date.parse(usedAt) / 1000) }),
  ),
  /** the codes' texts joined (`used` for a used one), with each code's own message in context.secrets */
  InfoSelfServiceSettingsLookupSecretList: message(
    1050015,
    'info',
    (formatted: string[], _secrets: UiText[]) => formatted.join(', '),
    (_formatted, secrets) => ({ secrets }),
  ),
  InfoSelfServiceSettingsDisableLookup: message(1050016, 'info', () => 'Disable this method'),
  ErrorValidationLookupAlreadyUsed: message(4000012, 'error', () => 'This backup recovery code has already been used.'),
  ErrorValidationNoLookup: message(4000014, 'error', () => 'You have no backup recovery codes set up.'),
  ErrorValidationLookupInvalid: message(4000016, 'error', () => 'The backup recovery code is not valid.'),
  // webauthn and passkey
  InfoSelfServiceLoginWebAuthn: message(1010008, 'info', () => 'Sign in with hardware key'),
  InfoSelfServiceLoginPasskey: message(1010021, 'info', () => 'Sign in with passkey'),
  InfoSelfServiceSettingsRegisterWebAuthn: message(1050012, 'info', () => 'Add security key'),
  InfoSelfServiceSettingsRegisterWebAuthnDisplayName: message(1050013, 'info', () => 'Name of the security key'),
  /** `addedAt` is an ISO time; the context carries it as Go prints it (to the second) and as unix seconds */
  InfoSelfServiceSettingsRemoveWebAuthn: message(
    1050018,
    'info',
    (name: string, _addedAt: string) => `Remove security key "${name}"`,
    (name, addedAt) => ({ display_name: name, added_at: `${new Date(addedAt).toISOString().slice(0, 19)}Z`, added_at_unix: Math.floor(Date.parse(addedAt) / 1000) }),
  ),
  InfoSelfServiceSettingsRegisterPasskey: message(1050019, 'info', () => 'Add passkey'),
  InfoSelfServiceSettingsRemovePasskey: message(
    1050020,
    'info',
    (name: string, _addedAt: string) => `Remove passkey "${name}"`,
    (name, addedAt) => ({ display_name: name, added_at: `${new Date(addedAt).toISOString().slice(0, 19)}Z`, added_at_unix: Math.floor(Date.parse(addedAt) / 1000) }),
  ),
  ErrorValidationNoWebAuthnDevice: message(4000013, 'error', () => 'You have no WebAuthn device set up.'),
  ErrorValidationSuchNoWebAuthnUser: message(4000015, 'error', () => 'This account does not exist or has no security key set up.'),
} as const;
