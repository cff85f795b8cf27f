import { Messages, UiText } from '@gatehouse/contracts';

export interface PasswordPolicyConfig {
  min_password_length: number;
  max_password_length: number;
}

/** Length rules for now (breach and similarity checks come with the login issue). Lengths count characters. */
export function checkPassword(password: string, config: PasswordPolicyConfig): UiText | undefined {
  const length = [...password].length;
  if (length < config.min_password_length) return Messages.passwordTooShort(config.min_password_length, length);
  if (length > config.max_password_length) return Messages.passwordTooLong(config.max_password_length, length);
  return undefined;
}
