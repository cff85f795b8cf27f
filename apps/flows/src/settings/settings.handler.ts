import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IdentityView, KratosError, Messages } from '@gatehouse/contracts';
import { Reply, answer, withQuery } from '../http/answer';
import { awaiting } from '../http/read-your-writes';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { flowExpired } from '../http/flow-expired';
import { FlowUi, StoredFlow, isUuid } from '../persistence/flow.repository';
import { sessionInactive } from '../session/session.controller';
import { ResolvedSession, SessionService } from '../session/session.service';
import { NewPassword } from './new-password';
import { SettingsFlowRepository } from './settings-flow.repository';
import { decide } from './settings.decide';
import { identityMismatch, sessionRefreshRequired } from './settings.errors';
import { SettingsMessages as M } from './settings.messages';
import { SETTINGS_SETTINGS, SettingsSettings } from './settings.settings';
import { SettingsFlow, evolve, newSettingsFlow } from './settings.state';
import { settingsFlowView } from './settings.view';
import { SettingsWriter } from './settings.writer';

/** The settings flow with the password method only: native (API), browser and SPA. Every request needs the
 * session of the identity the flow belongs to. */
@Injectable()
export class SettingsHandler {
  constructor(
    private readonly flows: SettingsFlowRepository,
    private readonly writer: SettingsWriter,
    private readonly sessions: SessionService,
    private readonly password: NewPassword,
    private readonly browser: BrowserFlows,
    @Inject(SETTINGS_SETTINGS) private readonly settings: SettingsSettings,
  ) {}

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    const current = await this.sessions.resolve(sessionToken);
    if (!current) {
      // a browser without a session logs in first and comes back here (Kratos: 303 to login init with return_to)
      if (type === 'browser' && !client.json) return { status: 303, location: this.loginUrl({ return_to: client.requestUrl }) };
      throw sessionInactive();
    }
    const init = this.browser.init(type, client, query.return_to);
    const flow = newSettingsFlow({
      id: randomUUID(),
      type,
      identityId: current.identity.id,
      schemaId: current.identity.schema_id,
      now: this.settings.clock(),
      lifespanMs: this.settings.lifespanMs,
      requestUrl: client.requestUrl,
      returnTo: init.returnTo,
      csrfDigest: init.csrf?.digest,
    });
    await this.flows.create(flow);
    const view = settingsFlowView(flow, current.identity, this.settings.publicBaseUrl, init.csrf?.masked);
    if (type === 'api') return { status: 200, body: view };
    return answer.flow(client, 200, view, this.settings.uiUrl, init.cookies);
  }

  async getFlow(id: unknown, client: Client, sessionToken?: string): Promise<Reply> {
    const current = await this.session(sessionToken);
    const flow = await this.load(id);
    if (flow.identityId !== current.identity.id) throw identityMismatch();
    this.browser.verifyFetch(client, flow);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return flowExpired(flow.expiresAt, now, (await this.renew(flow, now)).id);
    return { status: 200, body: this.view(flow, current.identity, client) };
  }

  /** POST `{method: "password", password}`: replaces the password of the session's identity. */
  async submit(id: unknown, body: unknown, original: Client, sessionToken?: string): Promise<Reply> {
    const flow = await this.load(id);
    const client = this.browser.clientFor(original, flow);
    const current = await this.session(sessionToken);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw KratosError.badRequest('The request body must be a JSON object or a form.');
    const input = body as Record<string, unknown>;
    if (flow.identityId !== current.identity.id) throw identityMismatch();
    this.browser.verifySubmit(client, flow, input);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return this.expired(flow, now, client);
    if (input.method !== 'password') return this.refuse(flow, current.identity, client, { form: [M.noStrategy()] });
    const password = typeof input.password === 'string' ? input.password : '';
    if (password === '') return this.refuse(flow, current.identity, client, { fields: [{ node: 'password', message: Messages.required('password') }] });
    const session = { id: current.session.id, identityId: current.identity.id, authenticatedAt: current.session.authenticatedAt };
    const command = { type: 'ChangePassword' as const, now, flowId: flow.id, session, privilegedMaxAgeMs: this.settings.privilegedMaxAgeMs };
    // the privilege is checked before the (slow, possibly remote) policy check
    const early = decide(command, flow);
    if (!Array.isArray(early)) return this.rejected(early, flow, current, client, now);
    const decision = decide({ ...command, violation: await this.password.check(current.identity, password) }, flow);
    if (!Array.isArray(decision)) return this.rejected(decision, flow, current, client, now);
    const next = decision.reduce<SettingsFlow>((f, e) => evolve(f, e) ?? f, flow);
    const appended = await this.writer.passwordChanged(next, decision, await this.password.hash(password), now);
    const view = this.view(next, current.identity, client);
    if (client.json) return awaiting({ status: 200, body: view }, appended);
    return awaiting({ status: 303, location: flow.returnTo ?? this.settings.afterReturnUrl ?? withQuery(this.settings.uiUrl, 'flow', flow.id) }, appended);
  }

  private rejected(r: Exclude<ReturnType<typeof decide>, unknown[]>, flow: SettingsFlow, current: ResolvedSession, client: Client, now: Date): Promise<Reply> | Reply {
    switch (r.reason) {
      case 'flow_not_found':
        throw this.notFound();
      case 'identity_mismatch':
        throw identityMismatch();
      case 'flow_expired':
        return this.expired(flow, now, client);
      case 'refresh_required': {
        const to = this.loginUrl({ refresh: 'true', return_to: withQuery(this.settings.uiUrl, 'flow', flow.id) });
        if (!client.json) return { status: 303, location: to };
        throw sessionRefreshRequired(to);
      }
      case 'password_rejected':
        return this.refuse(flow, current.identity, client, { fields: [{ node: 'password', message: r.message }] });
    }
  }

  private async refuse(flow: SettingsFlow, identity: IdentityView, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: SettingsFlow = { ...flow, ui };
    await this.flows.saveUi(updated);
    return answer.flow(client, 400, this.view(updated, identity, client), this.settings.uiUrl);
  }

  private async expired(flow: SettingsFlow, now: Date, client: Client): Promise<Reply> {
    const fresh = await this.renew(flow, now);
    return answer.expired(client, flowExpired(flow.expiresAt, now, fresh.id), fresh.id, this.settings.uiUrl);
  }

  /** A fresh flow replacing an expired one (same identity, type, return_to and browser), carrying 4050001. */
  private async renew(flow: SettingsFlow, now: Date): Promise<SettingsFlow> {
    const fresh = newSettingsFlow({
      id: randomUUID(),
      type: flow.type,
      identityId: flow.identityId,
      schemaId: flow.schemaId,
      now,
      lifespanMs: this.settings.lifespanMs,
      requestUrl: flow.requestUrl,
      returnTo: flow.returnTo,
      csrfDigest: flow.csrfDigest,
      form: [M.flowExpired(flow.expiresAt, now)],
    });
    await this.flows.create(fresh);
    return fresh;
  }

  private async session(token: string | undefined): Promise<ResolvedSession> {
    const current = await this.sessions.resolve(token);
    if (!current) throw sessionInactive();
    return current;
  }

  private async load(id: unknown): Promise<SettingsFlow> {
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The flow query parameter is missing or malformed.');
    const flow = isUuid(id) ? await this.flows.find(id) : null;
    if (!flow) throw this.notFound();
    return flow;
  }

  private notFound(): KratosError {
    return new KratosError(404, { reason: 'The settings flow could not be found. It may have been deleted or never existed.' });
  }

  private loginUrl(query: Record<string, string>): string {
    const url = new URL(`${this.settings.publicBaseUrl.replace(/\/+$/, '')}/self-service/login/browser`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  private view(flow: SettingsFlow, identity: IdentityView, client: Client) {
    return settingsFlowView(flow, identity, this.settings.publicBaseUrl, this.browser.maskedToken(client, flow));
  }
}
