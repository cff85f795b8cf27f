import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { FlowsConfig } from '../config.schema';
import { BrowserErrorFilter } from '../errors/browser-error.filter';
import { ErrorStore } from '../errors/error.store';
import { CSRF_SETTINGS, Csrf, CsrfSettings } from '../security/csrf';
import { SessionCookie, SessionCookieSettings } from '../session/session-cookie';
import { BROWSER_SETTINGS, browserSettings } from './browser.settings';
import { BrowserFlows } from './browser-flows';

/** Browser support: CSRF, the session cookie, return URLs and the error UI. */
export function browserProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const publicBaseUrl = config.serve.public.base_url;
  const cookie = config.session.cookie;
  const csrf: CsrfSettings = {
    publicBaseUrl,
    secrets: config.secrets.cookie ?? config.secrets.default,
    cookie: { path: cookie.path, ...(cookie.domain ? { domain: cookie.domain } : {}) },
  };
  const sessionCookie: SessionCookieSettings = {
    name: cookie.name,
    ...(cookie.domain ? { domain: cookie.domain } : {}),
    path: cookie.path,
    sameSite: cookie.same_site,
    persistent: cookie.persistent,
    publicBaseUrl,
  };
  return [
    { provide: BROWSER_SETTINGS, useValue: browserSettings(config) },
    { provide: CSRF_SETTINGS, useValue: csrf },
    { provide: Csrf, useFactory: () => new Csrf(csrf) },
    { provide: SessionCookie, useFactory: () => new SessionCookie(sessionCookie) },
    BrowserFlows,
    { provide: ErrorStore, inject: [pgPool], useFactory: (pool: Pool) => new ErrorStore(pool, config.database.schema, clock) },
    BrowserErrorFilter,
  ];
}
