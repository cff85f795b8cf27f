import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IdentityView, Messages } from '@gatehouse/contracts';
import { Reply, answer, withQuery } from '../http/answer';
import { awaiting } from '../http/read-your-writes';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { FlowUi, StoredFlow } from '../flow/flow.types';
import { sessionInactive } from '../session/session.controller';
import { SettingsAfter } from '../hooks/hook';
import { HookRegistry } from '../hooks/hook.registry';
import { ResolvedSession, SessionService } from '../session/session.service';
import { StrategyRegistry } from '../strategies/strategy.registry';
import { SettingsFlowRepository } from './settings-flow.repository';
import { decide } from './settings.decide';
import { identityMismatch, sessionRefreshRequired } from './settings.errors';
import { SETTINGS_SETTINGS, SettingsSettings } from './settings.settings';
import { SettingsFlow, evolve, newSettingsFlow } from './settings.state';
import { settingsFlowView } from './settings.view';
import { SettingsWriter } from './settings.writer';

/** The settings flow (the password method only so far): native (API), browser and SPA. Every request needs the
 * session of the identity the flow belongs to; the submitted method's strategy reads the new credential and that
 * method's after hooks run once it is stored. */
@Injectable()
export class SettingsHandler {
  private readonly lifecycle: FlowLifecycle<SettingsFlow>;

  constructor(
    private readonly flows: SettingsFlowRepository,
    private readonly writer: SettingsWriter,
    private readonly sessions: SessionService,
    private readonly strategies: StrategyRegistry,
    private readonly hooks: HookRegistry,
    private readonly browser: BrowserFlows,
    @Inject(SETTINGS_SETTINGS) private readonly settings: SettingsSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'settings', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

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
    const view = settingsFlowView(flow, current.identity, this.strategies, this.settings.publicBaseUrl, init.csrf?.masked);
    if (type === 'api') return { status: 200, body: view };
    return answer.flow(client, 200, view, this.settings.uiUrl, init.cookies);
  }

  async getFlow(id: unknown, client: Client, sessionToken?: string): Promise<Reply> {
    const current = await this.session(sessionToken);
    const flow = await this.lifecycle.load(id);
    if (flow.identityId !== current.identity.id) throw identityMismatch();
    return this.lifecycle.show(flow, client, (f) => this.view(f, current.identity, client));
  }

  /** POST `{method: "password", password}`: replaces the credential of the session's identity. */
  async submit(id: unknown, body: unknown, original: Client, sessionToken?: string): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const current = await this.session(sessionToken);
    if (flow.identityId !== current.identity.id) throw identityMismatch();
    const accepted = await this.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    const strategy = this.strategies.method('settings', input.method);
    if (!strategy) return this.refuse(flow, current.identity, client, { form: [Messages.ErrorValidationSettingsNoStrategyFound()] });
    const read = strategy.submit.settings(input, { schemaId: current.identity.schema_id, traits: current.identity.traits });
    if ('fields' in read) return this.refuse(flow, current.identity, client, { fields: read.fields });
    const session = { id: current.session.id, identityId: current.identity.id, authenticatedAt: current.session.authenticatedAt };
    const command = { type: 'ChangePassword' as const, now, flowId: flow.id, session, privilegedMaxAgeMs: this.settings.privilegedMaxAgeMs };
    // the privilege is checked before the (slow, possibly remote) policy check
    const early = decide(command, flow);
    if (!Array.isArray(early)) return this.rejected(early, flow, current, client, now);
    const decision = decide({ ...command, violation: (await read.accepted.check())?.message }, flow);
    if (!Array.isArray(decision)) return this.rejected(decision, flow, current, client, now);
    const next = decision.reduce<SettingsFlow>((f, e) => evolve(f, e) ?? f, flow);
    const hooks = this.hooks.after('settings', strategy.id);
    const after: SettingsAfter = { flow: next, sessionId: current.session.id };
    const refusal = await hooks.prePersist(after);
    if (refusal) return this.refuse(flow, current.identity, client, refusal);
    const appended = await this.writer.passwordChanged(next, decision, await read.accepted.hash(), now);
    await hooks.postPersist(after);
    const view = this.view(next, current.identity, client);
    if (client.json) return awaiting({ status: 200, body: view }, appended);
    return awaiting({ status: 303, location: flow.returnTo ?? this.settings.afterReturnUrl ?? withQuery(this.settings.uiUrl, 'flow', flow.id) }, appended);
  }

  private rejected(r: Exclude<ReturnType<typeof decide>, unknown[]>, flow: SettingsFlow, current: ResolvedSession, client: Client, now: Date): Promise<Reply> | Reply {
    switch (r.reason) {
      case 'flow_not_found':
        throw this.lifecycle.notFound();
      case 'identity_mismatch':
        throw identityMismatch();
      case 'flow_expired':
        return this.lifecycle.expired(flow, now, client);
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
      form: [Messages.ErrorValidationSettingsFlowExpired(flow.expiresAt, now)],
    });
    await this.flows.create(fresh);
    return fresh;
  }

  private async session(token: string | undefined): Promise<ResolvedSession> {
    const current = await this.sessions.resolve(token);
    if (!current) throw sessionInactive();
    return current;
  }

  private loginUrl(query: Record<string, string>): string {
    const url = new URL(`${this.settings.publicBaseUrl.replace(/\/+$/, '')}/self-service/login/browser`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  private view(flow: SettingsFlow, identity: IdentityView, client: Client) {
    return settingsFlowView(flow, identity, this.strategies, this.settings.publicBaseUrl, this.browser.maskedToken(client, flow));
  }
}
