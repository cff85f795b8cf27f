
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
  secrets: { cipher: string[]; default: string[] };
  /** selfservice.flows.registration.style */
  style: 'unified' | 'profile_first';
  clock: () => Date;
}
