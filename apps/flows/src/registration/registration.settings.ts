
export const REGISTRATION_SETTINGS = Symbol('REGISTRATION_SETTINGS');
export const REGISTRATION_FLOWS = Symbol('REGISTRATION_FLOWS');

/** The slice of configuration the registration flow reads, plus the clock (injected, so tests can move time). */
export interface RegistrationSettings {
  publicBaseUrl: string;
  lifespanMs: number;
  /** selfservice.flows.registration.ui_url */
  uiUrl: string;
  /** selfservice.flows.registration.after.default_browser_return_url */
  afterReturnUrl?: string;
  /** lifespanMs: how long the mailed code lives (selfservice.methods.code.config.lifespan); uiUrl: where the verification UI is. */
  verification: { enabled: boolean; lifespanMs: number; uiUrl: string };
  /** The `show_verification_ui` hook: browsers go to the verification UI after registering. */
  showVerificationUi: boolean;
  secrets: { cipher: string[]; default: string[] };
  /** The `session` after-registration hook is configured: a session is issued and returned. */
  sessionHook: boolean;
  /** selfservice.flows.registration.style */
  style: 'unified' | 'profile_first';
  clock: () => Date;
}
