import { Inject, Injectable } from '@nestjs/common';
import { StoredFlow } from '../flow/flow.types';
import { Csrf } from '../security/csrf';
import { SessionCookie } from '../session/session-cookie';
import { BROWSER_SETTINGS, BrowserSettings, allowedReturnTo } from './browser.settings';
import { Reply, answer } from './answer';
import { Client } from './client';
import { sessionAlreadyAvailable } from './flow-expired';

export type FlowInit = ReturnType<BrowserFlows['init']>;

/** What login and registration share about browser flows: return_to, CSRF binding, the session cookie. */
@Injectable()
export class BrowserFlows {
  constructor(
    readonly csrf: Csrf,
    readonly sessionCookie: SessionCookie,
    @Inject(BROWSER_SETTINGS) private readonly settings: BrowserSettings,
  ) {}

  /** Flow init: the allowed return_to (or a 400) and, for browser flows, the CSRF token bound to the new flow. */
  init(type: StoredFlow['type'], client: Client, returnTo: unknown): { returnTo?: string; csrf?: ReturnType<Csrf['ensure']>; cookies: string[] } {
    const allowed = allowedReturnTo(this.settings, returnTo);
    if (type === 'api') return { ...(allowed ? { returnTo: allowed } : {}), cookies: [] };
    const csrf = this.csrf.ensure(client);
    return { ...(allowed ? { returnTo: allowed } : {}), csrf, cookies: csrf.setCookie ? [csrf.setCookie] : [] };
  }

  /** The client as a flow sees it: API flows always answer (and fail) in JSON. */
  clientFor(client: Client, flow: StoredFlow): Client {
    if (flow.type !== 'api') return client;
    client.api = true;
    return { ...client, json: true };
  }

  /** The masked CSRF token to render into a browser flow (none for API flows). */
  maskedToken(client: Client, flow: StoredFlow): string | undefined {
    return flow.type === 'browser' ? this.csrf.maskedFor(client) : undefined;
  }

  verifyFetch(client: Client, flow: StoredFlow): void {
    if (flow.type === 'browser') this.csrf.verifyFetch(client, flow.csrfDigest);
  }

  verifySubmit(client: Client, flow: StoredFlow, body: Record<string, unknown>): void {
    if (flow.type === 'browser') this.csrf.verifySubmit(client, flow.csrfDigest, body.csrf_token);
  }

  /** Where a browser goes after a completed flow: its return_to, else the flow's after-URL, else the default. */
  returnUrl(flow: StoredFlow, afterDefault?: string): string {
    return flow.returnTo ?? afterDefault ?? this.settings.defaultReturnUrl;
  }

  /** Where a browser that already has a session goes instead of a new flow. */
  alreadyLoggedInUrl(returnTo: string | undefined): string {
    return returnTo ?? this.settings.defaultReturnUrl;
  }

  /** Starts a flow as Kratos does. A request whose session rules the flow out (`signedIn`) is refused: 400
   * `session_already_available` for API and SPA clients, a redirect to the return URL for browsers. Otherwise
   * `make` creates the flow and returns its view: 200 JSON for API and SPA clients, 303 to the UI for browsers. */
  async start(
    type: StoredFlow['type'],
    client: Client,
    returnTo: unknown,
    uiUrl: string,
    steps: { signedIn?: () => Promise<boolean>; make: (init: FlowInit) => Promise<{ id: string }> },
  ): Promise<Reply> {
    const init = this.init(type, client, returnTo);
    if (steps.signedIn && (await steps.signedIn())) {
      if (type === 'api') throw sessionAlreadyAvailable();
      return answer.redirectOrFail(client, this.alreadyLoggedInUrl(init.returnTo), sessionAlreadyAvailable());
    }
    const view = await steps.make(init);
    if (type === 'api') return { status: 200, body: view };
    return answer.flow(client, 200, view, uiUrl, init.cookies);
  }
}
