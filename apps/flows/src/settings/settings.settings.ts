import type { RequiredAal } from '../session/aal';

export const SETTINGS_SETTINGS = Symbol('SETTINGS_SETTINGS');

/** The slice of configuration the settings flow reads, plus the clock. */
export interface SettingsSettings {
  publicBaseUrl: string;
  /** selfservice.flows.settings.lifespan */
  lifespanMs: number;
  /** selfservice.flows.settings.ui_url */
  uiUrl: string;
  /** selfservice.flows.settings.privileged_session_max_age */
  privilegedMaxAgeMs: number;
  /** selfservice.flows.settings.required_aal */
  requiredAal: RequiredAal;
  /** selfservice.flows.settings.security_notice.enabled */
  securityNotice: boolean;
  /** selfservice.flows.settings.after.default_browser_return_url */
  afterReturnUrl?: string;
  /** What a profile change's verification mails need (selfservice.flows.verification, methods.code). */
  verification: { enabled: boolean; lifespanMs: number; uiUrl: string; secrets: { cipher: readonly string[]; default: readonly string[] } };
  clock: () => Date;
}
