import { UiText } from '@gatehouse/contracts';

/** Kratos's settings messages (kratos:text/message_settings.go) and the labels of the password form. */
export const SettingsMessages = {
  saved: (): UiText => ({ id: 1050001, text: 'Your changes have been saved!', type: 'success' }),
  flowExpired: (expiredAt: string, now: Date): UiText => ({
    id: 4050001,
    text: `The settings flow expired ${((now.getTime() - Date.parse(expiredAt)) / 60_000).toFixed(2)} minutes ago, please try again.`,
    type: 'error',
    context: { expired_at_unix: Math.floor(Date.parse(expiredAt) / 1000) },
  }),
  noStrategy: (): UiText => ({ id: 4010004, text: 'Could not find a strategy to update your settings. Did you fill out the form correctly?', type: 'error' }),
  labelPassword: (): UiText => ({ id: 1070001, text: 'Password', type: 'info' }),
  labelSave: (): UiText => ({ id: 1070003, text: 'Save', type: 'info' }),
} as const;
