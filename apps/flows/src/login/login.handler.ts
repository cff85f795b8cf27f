import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages, UiText } from '@gatehouse/contracts';
import { Reply, answer } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { sessionAlreadyAvailable } from '../http/flow-expired';
import { FlowRepository, FlowUi, StoredFlow } from '../persistence/flow.repository';
import { IdentitySchemas } from '../schema/identity-schemas';
import { FieldError } from '../schema/traits-validator';
import { ResolvedSession, SessionService } from '../session/session.service';
import { PasswordAuthenticator } from './login.authenticator';
import { decide } from './login.decide';
import { LOGIN_FLOWS, LOGIN_SETTINGS, LoginSettings } from './login.settings';
import { LoginFlow } from './login.state';
import { loginFlowView } from './login.view';
import { LoginFlowCompletedError, LoginWriter } from './login.writer';

export type { Reply } from '../http/answer';

const INVALID_CREDENTIALS: UiText = {
  id: 4000006,
  text: 'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
  type: 'error' as const,
};

/** The login flow with the password method: native (API), browser and SPA (browser flow, JSON answers). */
@Injectable()
export class LoginHandler {
  private readonly lifecycle: FlowLifecycle<LoginFlow>;

  constructor(
    @Inject(LOGIN_FLOWS) private readonly flows: FlowRepository<LoginFlow>,
    private readonly schemas: IdentitySchemas,
    private readonly authenticator: PasswordAuthenticator,
    private readonly writer: LoginWriter,
    private readonly sessions: SessionService,
    private readonly browser: BrowserFlows,
    @Inject(LOGIN_SETTINGS) private readonly settings: LoginSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'login', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    const refresh = query.refresh === 'true';
    return this.browser.start(type, client, query.return_to, this.settings.uiUrl, {
      signedIn: async () => !refresh && (await this.sessions.resolve(sessionToken)) !== null,
      make: async (init) => {
        const flow = await this.newFlow(type, client.requestUrl, refresh, { returnTo: init.returnTo, csrfDigest: init.csrf?.digest });
        return loginFlowView(flow, this.schemas.resolve(flow.schemaId), this.settings.publicBaseUrl, init.csrf?.masked);
      },
    });
  }

  async getFlow(id: unknown, client: Client): Promise<Reply> {
    return this.lifecycle.get(id, client, (f) => this.view(f, client));
  }

  async submit(id: unknown, body: unknown, original: Client, sessionToken?: string): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const accepted = await this.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    const identifier = typeof input.identifier === 'string' ? input.identifier : typeof input.password_identifier === 'string' ? input.password_identifier : undefined;
    const values = identifier !== undefined ? { identifier } : {};
    if (input.method !== 'password') {
      return this.invalid(flow, client, { values, form: [{ id: 4010002, text: 'Could not find a strategy to log you in with. Did you fill out the form correctly?', type: 'error' }] });
    }
    const fields: FieldError[] = [];
    if (!identifier) fields.push({ node: 'identifier', message: Messages.required('identifier') });
    if (typeof input.password !== 'string' || input.password === '') fields.push({ node: 'password', message: Messages.required('password') });
    if (fields.length > 0) return this.invalid(flow, client, { values, fields });

    const current = await this.sessions.resolve(sessionToken);
    if (current && !flow.refresh) return this.alreadyLoggedIn(flow, client);
    const auth = await this.authenticator.authenticate(identifier as string, input.password as string);
    const sessionId = randomUUID();
    const decision = decide(
      { type: 'SubmitPasswordLogin', now, flowId: flow.id, identity: auth.identity, passwordMatches: auth.passwordMatches, sessionId, refreshingIdentityId: refreshing(flow, current) },
      flow,
    );
    if (!Array.isArray(decision)) {
      if (decision.reason === 'flow_expired') return this.lifecycle.expired(flow, now, client);
      throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
    }
    const [event] = decision;
    if (event.type === 'LoginFailed') {
      await this.writer.failed(flow, decision, event.data.identity_id ?? flow.id);
      const message = event.data.reason === 'identity_inactive' ? { id: 4010011, text: 'This account has been disabled. Please contact support for assistance.', type: 'error' as const } : INVALID_CREDENTIALS;
      return this.invalid(flow, client, { values, form: [message] });
    }
    try {
      const { issued } = await this.writer.succeeded(flow, decision, {
        sessionId,
        identityId: event.data.identity_id,
        now,
        refresh: flow.refresh ? current?.session : undefined,
        rehash: auth.rehash,
      });
      const identity = await this.sessions.identity(event.data.identity_id);
      const session = this.sessions.view(issued.session, identity ?? undefined);
      if (flow.type === 'api') return { status: 200, body: { session_token: issued.token, session } };
      // browser flows never see the token: it travels in the session cookie only
      const cookie = this.browser.sessionCookie.set(issued.token, issued.session.expiresAt, now);
      return answer.success(client, { session }, this.browser.returnUrl(flow, this.settings.afterReturnUrl), [cookie]);
    } catch (e) {
      if (e instanceof LoginFlowCompletedError) throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
      throw e;
    }
  }

  private async newFlow(type: StoredFlow['type'], requestUrl: string, refresh: boolean, extra: { returnTo?: string; csrfDigest?: string; ui?: FlowUi }): Promise<LoginFlow> {
    const now = this.settings.clock();
    const flow: LoginFlow = {
      id: randomUUID(),
      type,
      schemaId: this.schemas.defaultId,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.lifespanMs).toISOString(),
      requestUrl,
      ...(extra.returnTo ? { returnTo: extra.returnTo } : {}),
      ...(extra.csrfDigest ? { csrfDigest: extra.csrfDigest } : {}),
      ...(extra.ui ? { ui: extra.ui } : {}),
      state: 'choose_method',
      refresh,
      requestedAal: 'aal1',
    };
    await this.flows.create(flow);
    return flow;
  }

  /** A fresh flow replacing an expired one (same type, return_to and browser), carrying Kratos's 4010001. */
  private renew(flow: LoginFlow, now: Date): Promise<LoginFlow> {
    const minutes = (now.getTime() - Date.parse(flow.expiresAt)) / 60_000;
    return this.newFlow(flow.type, flow.requestUrl, flow.refresh, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, ui: { form: [Messages.loginFlowExpired(minutes)] } });
  }

  /** A failed submit: the flow keeps the values and messages (a browser fetches them after the redirect). */
  private async invalid(flow: LoginFlow, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: LoginFlow = { ...flow, ui };
    await this.flows.update(updated);
    return answer.flow(client, 400, this.view(updated, client), this.settings.uiUrl);
  }

  private alreadyLoggedIn(flow: LoginFlow, client: Client): Reply {
    if (flow.type === 'api') throw sessionAlreadyAvailable();
    return answer.redirectOrFail(client, this.browser.returnUrl(flow, this.settings.afterReturnUrl), sessionAlreadyAvailable());
  }

  private view(flow: LoginFlow, client: Client) {
    return loginFlowView(flow, this.schemas.resolve(flow.schemaId), this.settings.publicBaseUrl, this.browser.maskedToken(client, flow));
  }
}

function refreshing(flow: LoginFlow, current: ResolvedSession | null): string | undefined {
  return flow.refresh && current ? current.session.identityId : undefined;
}
