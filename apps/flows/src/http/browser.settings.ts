import { checkReturnTo } from './return-to';

export const BROWSER_SETTINGS = Symbol('BROWSER_SETTINGS');

/** Where browsers are sent: the UIs, the default return URL and the return_to allow-list. */
export interface BrowserSettings {
  publicBaseUrl: string;
  /** selfservice.default_browser_return_url */
  defaultReturnUrl: string;
  /** selfservice.allowed_return_urls plus the public self-service URLs (Kratos's SecureRedirectAllowSelfServiceURLs). */
  allowedReturnUrls: string[];
  /** selfservice.flows.error.ui_url */
  errorUiUrl: string;
  /** selfservice.flows.logout.after.default_browser_return_url */
  logoutReturnUrl?: string;
}

/** The validated return_to of a flow init (throws 400 self_service_flow_return_to_forbidden). */
export function allowedReturnTo(settings: BrowserSettings, returnTo: unknown): string | undefined {
  return checkReturnTo(typeof returnTo === 'string' ? returnTo : undefined, settings.allowedReturnUrls, settings.defaultReturnUrl);
}

export function browserSettings(config: {
  serve: { public: { base_url: string } };
  selfservice: {
    default_browser_return_url: string;
    allowed_return_urls: string[];
    flows: { error: { ui_url: string }; logout: { after: { default_browser_return_url?: string } } };
  };
}): BrowserSettings {
  const publicBaseUrl = config.serve.public.base_url;
  return {
    publicBaseUrl,
    defaultReturnUrl: config.selfservice.default_browser_return_url,
    allowedReturnUrls: [...config.selfservice.allowed_return_urls, `${publicBaseUrl.replace(/\/+$/, '')}/self-service/`],
    errorUiUrl: config.selfservice.flows.error.ui_url,
    logoutReturnUrl: config.selfservice.flows.logout.after.default_browser_return_url,
  };
}
