import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorIds, IdentityView, KratosError, Messages } from '@gatehouse/contracts';
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
import type { LoginSubject } from '../strategies/strategy';
import { CredentialsRepository } from '../identity/credentials.repository';
import { moveBrowser } from '../http/location-change';
import { aal2LoginUrl, availableAal, satisfiesAal } from '../session/aal';
import { SessionRecord } from '../session/session.repository';
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
    private readonly credentials: CredentialsRepository,
    @Inject(LOGIN_SETTINGS) private readonly settings: LoginSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'login', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    // refresh=true only means something with a session: without one Kratos sets refresh to false (an ordinary login);
    // aal=aal2 needs one (401 session_aal1_required) below aal2 (else the session is there already)
    let current: Promise<ResolvedSession | null> | undefined;
    const session = () => (current ??= this.sessions.resolve(sessionToken));
    const wantsRefresh = query.refresh === 'true';
    const aal2 = query.aal === 'aal2';
    if (aal2 && !(await session())) throw KratosError.of(ErrorIds.ErrIDSessionRequiredForHigherAAL);
    return this.browser.start(type, client, query.return_to, this.settings.uiUrl, {
      signedIn: async () => {
        const s = await session();
        if (!s || wantsRefresh) return false;
        return !aal2 || s.session.aal === 'aal2';
      },
      make: async (init) => {
        const s = await session();
        const refresh = wantsRefresh && s !== null;
        const identityId = aal2 || refresh ? s?.identity.id : undefined;
        const flow = await this.newFlow(type, client.requestUrl, refresh, { returnTo: init.returnTo, csrfDigest: init.csrf?.digest, aal: aal2 ? 'aal2' : 'aal1', identityId });
        return this.render(flow, init.csrf?.masked);
      },
    });
  }

  async getFlow(id: unknown, client: Client): Promise<Reply> {
    const flow = await this.lifecycle.load(id);
    const view = await this.render(flow, this.browser.maskedToken(client, flow));
    return this.lifecycle.show(flow, client, () => view);
  }

  async submit(id: unknown, body: unknown, original: Client, sessionToken?: string): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const accepted = await this.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    if (flow.requestedAal === 'aal2') return this.secondFactor(flow, client, input, now, sessionToken);
    const identifier = submittedIdentifier(input);
    const values = identifier !== undefined ? { identifier } : {};
    const strategy = this.strategies.method('login', this.strategies.submittedMethod('login', input));
    if (!strategy) return this.invalid(flow, client, { values, form: [Messages.ErrorValidationLoginNoStrategyFound()] });
    const read = strategy.submit.login(input, flow);
    if ('fields' in read) return this.invalid(flow, client, { values, fields: read.fields });

    const current = await this.sessions.resolve(sessionToken);
    if (current && !flow.refresh) return this.alreadyLoggedIn(flow, client);
    const auth = await read.accepted.authenticate();
    const attempt = (refreshing?: { sessionId: string; identityId: string }) =>
      decide({ type: 'SubmitPasswordLogin', now, flowId: flow.id, identity: auth.identity, passwordMatches: auth.passwordMatches, method: auth.method, sessionId: randomUUID(), refreshing }, flow);
    const decision = attempt(flow.refresh && current ? { sessionId: current.session.id, identityId: current.session.identityId } : undefined);
    if (!Array.isArray(decision)) {
      if (decision.reason === 'flow_expired') return this.lifecycle.expired(flow, now, client);
      throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
    }
    const [event] = decision;
    if (event.type === 'LoginFailed') {
      await this.writer.failed(flow, decision, event.data.identity_id ?? flow.id);
      if (event.data.reason !== 'identity_inactive' && auth.refused) return this.invalid(flow, client, { values, fields: auth.refused });
      const message = event.data.reason === 'identity_inactive' ? Messages.ErrorValidationAccountDisabled() : Messages.ErrorValidationInvalidCredentials();
      return this.invalid(flow, client, { values, form: [message] });
    }
    try {
      const identity = (await this.sessions.identity(event.data.identity_id)) ?? undefined;
      const hooks = this.hooks.after('login', strategy.id);
      const after: LoginAfter = { flow, identity };
      const refusal = await hooks.prePersist(after);
      if (refusal) return this.invalid(flow, client, { values, ...refusal });
      const written = await this.recordSuccess(flow, decision, () => attempt(), { now, rehash: auth.rehash, used: auth.used });
      after.session = written.session;
      await hooks.postPersist(after);
      // a refreshed session keeps its token (Kratos answers the same session_token and cookie)
      const token = written.token ?? (sessionToken as string);
      return this.loggedIn(flow, client, { session: written.session, token, identity, now });
    } catch (e) {
      if (e instanceof LoginFlowCompletedError) throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
      throw e;
    }
  }

  /** A second factor on an aal2 flow: only the session the flow was opened for may submit it (else 401
   * session_aal1_required); the method's strategy reads it and the writer verifies and spends it atomically. */
  private async secondFactor(flow: LoginFlow, client: Client, input: Record<string, unknown>, now: Date, sessionToken?: string): Promise<Reply> {
    const current = await this.sessions.resolve(sessionToken);
    if (!current || current.identity.id !== flow.identityId) throw KratosError.of(ErrorIds.ErrIDSessionRequiredForHigherAAL);
    const strategy = this.strategies.method('secondFactor', this.strategies.submittedMethod('login', input));
    if (!strategy) return this.invalid(flow, client, { form: [Messages.ErrorValidationLoginNoStrategyFound()] });
    const read = strategy.submit.secondFactor(input, flow);
    if ('fields' in read) return this.invalid(flow, client, { fields: read.fields });
    const hooks = this.hooks.after('login', strategy.id);
    const after: LoginAfter = { flow, identity: current.identity };
    const refusal = await hooks.prePersist(after);
    if (refusal) return this.invalid(flow, client, refusal);
    const written = await this.writer.secondFactor(flow, { identityId: current.identity.id, sessionId: current.session.id, method: strategy.id, credential: read.accepted, now });
    if ('rejection' in written) {
      if (written.rejection.reason === 'flow_expired') return this.lifecycle.expired(flow, now, client);
      throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
    }
    if ('refused' in written) return this.invalid(flow, client, { fields: written.refused });
    after.session = written.session;
    await hooks.postPersist(after);
    return this.loggedIn(flow, client, { session: written.session, token: sessionToken as string, identity: current.identity, now });
  }

  /** The answer to a completed login. A session below what whoami requires (session.whoami.required_aal: the
   * identity has a second factor) is answered as Kratos does: API without the identity, SPA 422 and browser 303
   * toward the aal2 login (the cookie is set either way). */
  private async loggedIn(flow: LoginFlow, client: Client, r: { session: SessionRecord; token: string; identity?: IdentityView; now: Date }): Promise<Reply> {
    // the identity's level is read only when it can matter (an aal1 session under highest_available)
    const required = this.settings.whoamiRequiredAal;
    const needsAal2 = !satisfiesAal(r.session, 'aal2', required) && !satisfiesAal(r.session, availableAal(await this.credentials.hasSecondFactor(r.session.identityId)), required);
    const session = this.sessions.view(r.session, needsAal2 ? undefined : r.identity);
    if (flow.type === 'api') return { status: 200, body: { session_token: r.token, session } };
    // browser flows never see the token: it travels in the session cookie only
    const cookie = this.browser.sessionCookie.set(r.token, r.session.expiresAt, r.now);
    if (needsAal2) return moveBrowser(client, aal2LoginUrl(this.settings.publicBaseUrl, flow.returnTo), [cookie]);
    return answer.success(client, { session }, this.browser.returnUrl(flow, this.settings.afterReturnUrl), [cookie]);
  }

  /** Records a success; when the session a refresh was to re-authenticate ended meanwhile, decides again without it
   * (a new session, as a refresh flow submitted without a session gets). */
  private async recordSuccess(flow: LoginFlow, decision: LoginEvent[], withoutSession: () => LoginEvent[] | LoginRejection, input: Parameters<LoginWriter['succeeded']>[2]) {
    try {
      return await this.writer.succeeded(flow, decision, input);
    } catch (e) {
      const again = e instanceof RefreshedSessionGoneError ? withoutSession() : undefined;
      if (!Array.isArray(again)) throw e;
      return this.writer.succeeded(flow, again, input);
    }
  }

  private async newFlow(
    type: StoredFlow['type'],
    requestUrl: string,
    refresh: boolean,
    extra: { returnTo?: string; csrfDigest?: string; ui?: FlowUi; aal?: 'aal1' | 'aal2'; identityId?: string },
  ): Promise<LoginFlow> {
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
      ...(extra.identityId ? { identityId: extra.identityId } : {}),
      state: 'choose_method',
      refresh,
      requestedAal: extra.aal ?? 'aal1',
    };
    const internal = await this.strategies.prepare({ kind: 'login', flow, schema: this.schemas.resolve(flow.schemaId), subject: await this.subject(flow) }, now);
    const prepared = internal ? { ...flow, internal } : flow;
    await this.flows.create(prepared);
    return prepared;
  }

  /** The identity an aal2 or refresh flow is for, with its credentials (its second factors' nodes). */
  private async subject(flow: LoginFlow): Promise<LoginSubject | undefined> {
    if (!flow.identityId) return undefined;
    return { id: flow.identityId, credentials: await this.credentials.credentialMap(flow.identityId) };
  }

  private async render(flow: LoginFlow, csrfToken?: string) {
    return loginFlowView(flow, this.schemas.resolve(flow.schemaId), await this.subject(flow), this.strategies, this.settings.publicBaseUrl, csrfToken);
  }

  /** A fresh flow replacing an expired one (same type, return_to and browser), carrying Kratos's 4010001. */
  private renew(flow: LoginFlow, now: Date): Promise<LoginFlow> {
    const ui = { form: [Messages.ErrorValidationLoginFlowExpired(flow.expiresAt, now)] };
    return this.newFlow(flow.type, flow.requestUrl, flow.refresh, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, ui, aal: flow.requestedAal, identityId: flow.identityId });
  }

  /** A failed submit: the flow keeps the values and messages (a browser fetches them after the redirect). */
  private async invalid(flow: LoginFlow, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: LoginFlow = { ...flow, ui };
    await this.flows.update(updated);
    return answer.flow(client, 400, await this.render(updated, this.browser.maskedToken(client, updated)), this.settings.uiUrl);
  }

  private alreadyLoggedIn(flow: LoginFlow, client: Client): Reply {
    if (flow.type === 'api') throw sessionAlreadyAvailable();
    return answer.redirectOrFail(client, this.browser.returnUrl(flow, this.settings.afterReturnUrl), sessionAlreadyAvailable());
  }

}
