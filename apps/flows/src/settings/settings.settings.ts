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
  /** selfservice.flows.settings.after.default_browser_return_url */
  afterReturnUrl?: string;
  clock: () => Date;
}
