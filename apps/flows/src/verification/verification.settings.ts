export const VERIFICATION_SETTINGS = Symbol('VERIFICATION_SETTINGS');

/** The slice of configuration the verification flow reads, plus the clock (injected, so tests can move time). */
export interface VerificationSettings {
  publicBaseUrl: string;
  /** selfservice.flows.verification.enabled */
  enabled: boolean;
  /** selfservice.flows.verification.lifespan */
  lifespanMs: number;
  /** selfservice.flows.verification.ui_url */
  uiUrl: string;
  /** selfservice.flows.verification.use: the method a new flow offers */
  use: 'code' | 'link';
  /** selfservice.flows.verification.after.default_browser_return_url */
  afterReturnUrl?: string;
  /** selfservice.methods.code: enabled, config.lifespan, config.max_submissions */
  code: { enabled: boolean; lifespanMs: number; maxSubmissions: number };
  /** selfservice.methods.link: enabled, config.lifespan */
  link: { enabled: boolean; lifespanMs: number };
  secrets: { cipher: string[]; default: string[] };
  clock: () => Date;
}
