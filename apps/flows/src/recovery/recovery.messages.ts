import { UiText } from '@gatehouse/contracts';

/** Kratos's recovery messages (kratos:text/message_recovery.go) and the node labels the flow uses. */
export const RecoveryMessages = {
  recovered: (minutesLeft: number): UiText => ({
    id: 1060001,
    text: `You successfully recovered your account. Please change your password or set up an alternative login method (e.g. social sign in) within the next ${minutesLeft.toFixed(2)} minutes.`,
    type: 'success',
  }),
  emailWithLinkSent: (): UiText => ({
    id: 1060002,
    text: 'An email containing a recovery link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    type: 'info',
  }),
  emailWithCodeSent: (): UiText => ({
    id: 1060003,
    text: 'An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    type: 'info',
  }),
  alreadyCompleted: (): UiText => ({ id: 4060001, text: 'The request was already completed successfully and can not be retried.', type: 'error' }),
  tokenInvalid: (): UiText => ({ id: 4060004, text: 'The recovery token is invalid or has already been used. Please retry the flow.', type: 'error' }),
  flowExpired: (expiredAt: string, now: Date): UiText => ({
    id: 4060005,
    text: `The recovery flow expired ${((now.getTime() - Date.parse(expiredAt)) / 60_000).toFixed(2)} minutes ago, please try again.`,
    type: 'error',
    context: { expired_at_unix: Math.floor(Date.parse(expiredAt) / 1000) },
  }),
  codeInvalid: (): UiText => ({ id: 4060006, text: 'The recovery code is invalid or has already been used. Please try again.', type: 'error' }),
  noStrategy: (): UiText => ({ id: 4010005, text: 'Could not find a strategy to recover your account with. Did you fill out the form correctly?', type: 'error' }),
  labelSubmit: (): UiText => ({ id: 1070005, text: 'Submit', type: 'info' }),
  labelEmail: (): UiText => ({ id: 1070007, text: 'Email', type: 'info' }),
  labelResendCode: (): UiText => ({ id: 1070008, text: 'Resend code', type: 'info' }),
  labelContinue: (): UiText => ({ id: 1070009, text: 'Continue', type: 'info' }),
  labelRecoveryCode: (): UiText => ({ id: 1070010, text: 'Recovery code', type: 'info' }),
} as const;
