import type { RequiredAal } from '../session/aal';

export const LOGIN_SETTINGS = Symbol('LOGIN_SETTINGS');
export const LOGIN_FLOWS = Symbol('LOGIN_FLOWS');

export interface LoginSettings {
  publicBaseUrl: string;
  lifespanMs: number;
  /** selfservice.flows.login.ui_url */
  uiUrl: string;
  /** selfservice.flows.login.after.default_browser_return_url */
  afterReturnUrl?: string;
  /** session.whoami.required_aal: a first-factor login of an identity with a second factor continues at aal2 */
  whoamiRequiredAal: RequiredAal;
  clock: () => Date;
}
