import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages } from '@gatehouse/contracts';
import { Reply, answer } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { sessionAlreadyAvailable } from '../http/flow-expired';
import { FlowUi, StoredFlow } from '../flow/flow.types';
import { FlowRepository } from '../persistence/flow.repository';
import { IdentitySchemas } from '../schema/identity-schemas';
import { LoginAfter } from '../hooks/hook';
import { HookRegistry } from '../hooks/hook.registry';
import { ResolvedSession, SessionService } from '../session/session.service';
import { submittedIdentifier } from '../strategies/password/login';
import { StrategyRegistry } from '../strategies/strategy.registry';
import { decide } from './login.decide';
import { LoginRejection } from './login.errors';
import { LOGIN_FLOWS, LOGIN_SETTINGS, LoginSettings } from './login.settings';
import { LoginEvent, LoginFlow } from './login.state';
import { loginFlowView } from './login.view';
import { LoginFlowCompletedError, LoginWriter, RefreshedSessionGoneError } from './login.writer';

export type { Reply } from '../http/answer';

/** The login flow: native (API), browser and SPA (browser flow, JSON answers). The submitted method's strategy
 * authenticates; that method's after hooks may refuse the login before its session exists, or act once it does. */
@Injectable()
export class LoginHandler {
  private readonly lifecycle: FlowLifecycle<LoginFlow>;

  constructor(
    @Inject(LOGIN_FLOWS) private readonly flows: FlowRepository<LoginFlow>,
    private readonly schemas: IdentitySchemas,
    private readonly strategies: StrategyRegistry,
    private readonly hooks: HookRegistry,
    private readonly writer: LoginWriter,
    private readonly sessions: SessionService,
    private readonly browser: BrowserFlows,
    @Inject(LOGIN_SETTINGS) private readonly settings: LoginSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'login', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    // refresh=true only means something with a session: without one Kratos sets refresh to false (an ordinary login)
    let current: Promise<ResolvedSession | null> | undefined;
    const signedIn = async () => (await (current ??= this.sessions.resolve(sessionToken))) !== null;
    const wantsRefresh = query.refresh === 'true';
    return this.browser.start(type, client, query.return_to, this.settings.uiUrl, {
      signedIn: async () => !wantsRefresh && (await signedIn()),
      make: async (init) => {
        const refresh = wantsRefresh && (await signedIn());
        const flow = await this.newFlow(type, client.requestUrl, refresh, { returnTo: init.returnTo, csrfDigest: init.csrf?.digest });
        return loginFlowView(flow, this.schemas.resolve(flow.schemaId), this.strategies, this.settings.publicBaseUrl, init.csrf?.masked);
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
    const identifier = submittedIdentifier(input);
    const values = identifier !== undefined ? { identifier } : {};
    const strategy = this.strategies.method('login', input.method);
    if (!strategy) return this.invalid(flow, client, { values, form: [Messages.ErrorValidationLoginNoStrategyFound()] });
    const read = strategy.submit.login(input);
    if ('fields' in read) return this.invalid(flow, client, { values, fields: read.fields });

    const current = await this.sessions.resolve(sessionToken);
    if (current && !flow.refresh) return this.alreadyLoggedIn(flow, client);
    const auth = await read.accepted.authenticate();
    const attempt = (refreshing?: { sessionId: string; identityId: string }) =>
      decide({ type: 'SubmitPasswordLogin', now, flowId: flow.id, identity: auth.identity, passwordMatches: auth.passwordMatches, sessionId: randomUUID(), refreshing }, flow);
    const decision = attempt(flow.refresh && current ? { sessionId: current.session.id, identityId: current.session.identityId } : undefined);
    if (!Array.isArray(decision)) {
      if (decision.reason === 'flow_expired') return this.lifecycle.expired(flow, now, client);
      throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
    }
    const [event] = decision;
    if (event.type === 'LoginFailed') {
      await this.writer.failed(flow, decision, event.data.identity_id ?? flow.id);
      const message = event.data.reason === 'identity_inactive' ? Messages.ErrorValidationAccountDisabled() : Messages.ErrorValidationInvalidCredentials();
      return this.invalid(flow, client, { values, form: [message] });
    }
    try {
      const identity = (await this.sessions.identity(event.data.identity_id)) ?? undefined;
      const hooks = this.hooks.after('login', strategy.id);
      const after: LoginAfter = { flow, identity };
      const refusal = await hooks.prePersist(after);
      if (refusal) return this.invalid(flow, client, { values, ...refusal });
      const written = await this.recordSuccess(flow, decision, () => attempt(), { now, rehash: auth.rehash });
      after.session = written.session;
      await hooks.postPersist(after);
      // a refreshed session keeps its token (Kratos answers the same session_token and cookie)
      const token = written.token ?? (sessionToken as string);
      const session = this.sessions.view(written.session, identity);
      if (flow.type === 'api') return { status: 200, body: { session_token: token, session } };
      // browser flows never see the token: it travels in the session cookie only
      const cookie = this.browser.sessionCookie.set(token, written.session.expiresAt, now);
      return answer.success(client, { session }, this.browser.returnUrl(flow, this.settings.afterReturnUrl), [cookie]);
    } catch (e) {
      if (e instanceof LoginFlowCompletedError) throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
      throw e;
    }
  }

  /** Records a success; when the session a refresh was to re-authenticate ended meanwhile, decides again without it
   * (a new session, as a refresh flow submitted without a session gets). */
  private async recordSuccess(flow: LoginFlow, decision: LoginEvent[], withoutSession: () => LoginEvent[] | LoginRejection, input: { now: Date; rehash?: { from: string; to: string } }) {
    try {
      return await this.writer.succeeded(flow, decision, input);
    } catch (e) {
      const again = e instanceof RefreshedSessionGoneError ? withoutSession() : undefined;
      if (!Array.isArray(again)) throw e;
      return this.writer.succeeded(flow, again, input);
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
    return this.newFlow(flow.type, flow.requestUrl, flow.refresh, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, ui: { form: [Messages.ErrorValidationLoginFlowExpired(flow.expiresAt, now)] } });
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
    return loginFlowView(flow, this.schemas.resolve(flow.schemaId), this.strategies, this.settings.publicBaseUrl, this.browser.maskedToken(client, flow));
  }
}
