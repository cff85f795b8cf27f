import { UiText } from '@gatehouse/contracts';

/** Kratos's verification messages (kratos:text/message_verification.go) and the node labels the flow uses. */
export const VerificationMessages = {
  emailWithLinkSent: (): UiText => ({
    id: 1080001,
    text: 'An email containing a verification link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    type: 'info',
  }),
  verified: (): UiText => ({ id: 1080002, text: 'You successfully verified your email address.', type: 'success' }),
  emailWithCodeSent: (): UiText => ({
    id: 1080003,
    text: 'An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    type: 'info',
  }),
  tokenInvalid: (): UiText => ({ id: 4070001, text: 'The verification token is invalid or has already been used. Please retry the flow.', type: 'error' }),
  flowExpired: (expiredAt: string, now: Date): UiText => ({
    id: 4070005,
    text: `The verification flow expired ${((now.getTime() - Date.parse(expiredAt)) / 60_000).toFixed(2)} minutes ago, please try again.`,
    type: 'error',
    context: { expired_at_unix: Math.floor(Date.parse(expiredAt) / 1000) },
  }),
  codeInvalid: (): UiText => ({ id: 4070006, text: 'The verification code is invalid or has already been used. Please try again.', type: 'error' }),
  labelSubmit: (): UiText => ({ id: 1070005, text: 'Submit', type: 'info' }),
  labelEmail: (): UiText => ({ id: 1070007, text: 'Email', type: 'info' }),
  labelResendCode: (): UiText => ({ id: 1070008, text: 'Resend code', type: 'info' }),
  labelContinue: (): UiText => ({ id: 1070009, text: 'Continue', type: 'info' }),
  labelVerificationCode: (): UiText => ({ id: 1070011, text: 'Verification code', type: 'info' }),
} as const;
