export const LOGIN_SETTINGS = Symbol('LOGIN_SETTINGS');
export const LOGIN_FLOWS = Symbol('LOGIN_FLOWS');

export interface LoginSettings {
  publicBaseUrl: string;
  lifespanMs: number;
  /** selfservice.flows.login.ui_url */
  uiUrl: string;
  /** selfservice.flows.login.after.default_browser_return_url */
  afterReturnUrl?: string;
  clock: () => Date;
}
