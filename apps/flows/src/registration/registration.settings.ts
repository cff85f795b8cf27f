import { PasswordPolicyConfig } from '../strategies/password/password.policy';

export const REGISTRATION_SETTINGS = Symbol('REGISTRATION_SETTINGS');

/** The slice of configuration the registration flow reads, plus the clock (injected, so tests can move time). */
export interface RegistrationSettings {
  publicBaseUrl: string;
  lifespanMs: number;
  verification: { enabled: boolean; lifespanMs: number };
  secrets: { cipher: string[]; default: string[] };
  passwordPolicy: PasswordPolicyConfig;
  clock: () => Date;
}
