import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Messages, TraitsChanged } from '@gatehouse/contracts';
import { ClaimTakenError } from '@gatehouse/eventsourcing';
import { FlowUi, StoredFlow } from '../flow/flow.types';
import { SettingsAfter } from '../hooks/hook';
import { HookRegistry } from '../hooks/hook.registry';
import { Reply, answer, withQuery } from '../http/answer';
import { awaiting } from '../http/read-your-writes';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { ResolvedSession, SessionService } from '../session/session.service';
import { StrategyRegistry } from '../strategies/strategy.registry';
import { SettingsResult } from '../strategies/strategy';
import { SettingsAccess } from './settings-access';
import { SettingsFlowRepository } from './settings-flow.repository';
import { plannedVerifications } from './settings-verification';
import { decide } from './settings.decide';
import { identityMismatch, sessionRefreshRequired } from './settings.errors';
import { SETTINGS_SETTINGS, SettingsSettings } from './settings.settings';
import { SettingsEvent, SettingsFlow, evolve, newSettingsFlow } from './settings.state';
import { SettingsSubjectView, settingsFlowView } from './settings.view';
import { SettingsWriter } from './settings.writer';

/** The settings flow: native (API), browser and SPA, every enabled method (profile, password, totp, lookup_secret,
 * webauthn, passkey). Every request needs the session of the flow's identity at the configured assurance level
 * (required_aal); a change needs a privileged session (profile: only for identifiers and addresses). The submitted
 * method's strategy makes the change; it is recorded in one transaction and that method's after hooks run. */
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
    private readonly access: SettingsAccess,
    @Inject(SETTINGS_SETTINGS) private readonly settings: SettingsSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'settings', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    const current = await this.sessions.resolve(sessionToken);
    if (!current) {
      // a browser without a session logs in first and comes back here (Kratos: 303 to login init with return_to)
      if (type === 'browser' && !client.json) return { status: 303, location: this.access.loginUrl({ return_to: client.requestUrl }) };
      throw this.access.inactive();
    }
    const stepUp = this.access.stepUp(current, client, client.requestUrl);
    if (stepUp) return stepUp;
    const init = this.browser.init(type, client, query.return_to);
    const now = this.settings.clock();
    const flow = newSettingsFlow({
      id: randomUUID(),
      type,
      identityId: current.identity.id,
      schemaId: current.identity.schema_id,
      now,
      lifespanMs: this.settings.lifespanMs,
      requestUrl: client.requestUrl,
      returnTo: init.returnTo,
      csrfDigest: init.csrf?.digest,
    });
    const subject = await this.access.subject(current.identity);
    const prepared = await this.prepared(flow, subject, now);
    await this.flows.create(prepared);
    const view = settingsFlowView(prepared, subject, this.strategies, this.settings.publicBaseUrl, init.csrf?.masked);
    if (type === 'api') return { status: 200, body: view };
    return answer.flow(client, 200, view, this.settings.uiUrl, init.cookies);
  }

  async getFlow(id: unknown, client: Client, sessionToken?: string): Promise<Reply> {
    const current = await this.access.session(sessionToken);
    const flow = await this.lifecycle.load(id);
    if (flow.identityId !== current.identity.id) throw identityMismatch();
    const stepUp = this.access.stepUp(current, { ...client, json: true }, withFlow(this.settings.uiUrl, flow.id));
    if (stepUp) return stepUp;
    const subject = await this.access.subject(current.identity);
    return this.lifecycle.show(flow, client, (f) => this.view(f, subject, client));
  }

  /** POST `{method, …}`: the method's strategy reads the submit and makes the change of the session's identity. */
  async submit(id: unknown, body: unknown, original: Client, sessionToken?: string): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const current = await this.access.session(sessionToken);
    if (flow.identityId !== current.identity.id) throw identityMismatch();
    const stepUp = this.access.stepUp(current, client, withFlow(this.settings.uiUrl, flow.id));
    if (stepUp) return stepUp;
    const accepted = await this.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    const subject = await this.access.subject(current.identity);
    const strategy = this.strategies.method('settings', this.strategies.submittedMethod('settings', input));
    if (!strategy) return this.refuse(flow, subject, client, { form: [Messages.ErrorValidationSettingsNoStrategyFound()] });
    const command = { type: 'SubmitSettings' as const, now, flowId: flow.id, session: current.session, privilegedMaxAgeMs: this.settings.privilegedMaxAgeMs };
    // every method but profile needs a privileged session before anything is read (Kratos's EnsurePrivileged)
    const authorized = decide({ ...command, privileged: strategy.id !== 'profile' }, flow);
    if (!Array.isArray(authorized)) return this.rejected(authorized, flow, client, now);
    const ctx = { flow, identity: current.identity, credentials: subject.credentials, schema: subject.schema, sessionId: current.session.id, now };
    const result = await strategy.submit.settings(input, ctx);
    const touched: SettingsFlow = { ...withInternal(flow, strategy.id, result.internal), active: strategy.id };
    if (result.fields || result.form) return this.refuse(touched, subject, client, { fields: result.fields, form: result.form, ...valuesOf(input) });
    if (!result.change) return this.shown({ ...touched, ui: undefined }, subject, client);
    const decision = decide({ ...command, privileged: strategy.id !== 'profile' || result.change.protected === true, change: result.change, noticeTo: this.access.noticeTo(current.identity) }, flow);
    if (!Array.isArray(decision)) return this.rejected(decision, flow, client, now);
    return this.record(touched, decision, result, { current, subject, client, strategyId: strategy.id, input, now });
  }

  private async record(
    touched: SettingsFlow,
    events: SettingsEvent[],
    result: SettingsResult,
    r: { current: ResolvedSession; subject: SettingsSubjectView; client: Client; strategyId: string; input: Record<string, unknown>; now: Date },
  ): Promise<Reply> {
    const next = events.reduce<SettingsFlow>((f, e) => evolve(f, e) ?? f, touched);
    const hooks = this.hooks.after('settings', r.strategyId as never);
    const after: SettingsAfter = { flow: next, sessionId: r.current.session.id };
    const refusal = await hooks.prePersist(after);
    if (refusal) return this.refuse(touched, r.subject, r.client, refusal);
    const traits = events.find((e) => e.type === TraitsChanged.V1.name)?.data as TraitsChanged.V1.Data | undefined;
    const verifications = traits ? plannedVerifications(traits, new Set(r.current.identity.verifiable_addresses.map((a) => a.id)), r.now, this.settings.verification) : [];
    let appended;
    try {
      appended = await this.writer.record({ next, events, configs: result.change?.configs, passwordIdentifiers: r.subject.credentials.password?.identifiers ?? [], verifications, sessionId: r.current.session.id, now: r.now });
    } catch (e) {
      if (e instanceof ClaimTakenError) return this.refuse(touched, r.subject, r.client, { form: [Messages.ErrorValidationDuplicateCredentials()], ...valuesOf(r.input) });
      throw e;
    }
    await hooks.postPersist(after);
    // the form as it is after the change: the identity and its credentials read again, the strategies' new state
    const identity = (await this.sessions.identity(r.current.identity.id)) ?? r.current.identity;
    const subject = await this.access.subject(identity);
    const shown = await this.prepared({ ...next, internal: undefined }, subject, r.now, next.internal);
    if (shown.internal !== next.internal) await this.flows.saveUi(shown);
    const view = this.view(shown, subject, r.client);
    const continueWith = this.access.continueWith(verifications);
    if (r.client.json) return awaiting({ status: 200, body: continueWith.length > 0 ? { ...view, continue_with: continueWith } : view }, appended);
    return awaiting({ status: 303, location: touched.returnTo ?? this.settings.afterReturnUrl ?? withFlow(this.settings.uiUrl, touched.id) }, appended);
  }

  private rejected(r: Exclude<ReturnType<typeof decide>, unknown[]>, flow: SettingsFlow, client: Client, now: Date): Promise<Reply> | Reply {
    switch (r.reason) {
      case 'flow_not_found':
        throw this.lifecycle.notFound();
      case 'identity_mismatch':
        throw identityMismatch();
      case 'flow_expired':
        return this.lifecycle.expired(flow, now, client);
      case 'refresh_required': {
        const to = this.access.loginUrl({ refresh: 'true', return_to: withFlow(this.settings.uiUrl, flow.id) });
        if (!client.json) return { status: 303, location: to };
        throw sessionRefreshRequired(to);
      }
    }
  }

  /** A refused submit: 400 with the flow and its messages (a browser is sent back to the UI to fetch them). */
  private async refuse(flow: SettingsFlow, subject: SettingsSubjectView, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: SettingsFlow = { ...flow, ui };
    await this.flows.saveUi(updated);
    return answer.flow(client, 400, this.view(updated, subject, client), this.settings.uiUrl);
  }

  /** A submit that changes nothing yet (lookup codes to confirm): 200 with the flow as it is now. */
  private async shown(flow: SettingsFlow, subject: SettingsSubjectView, client: Client): Promise<Reply> {
    await this.flows.saveUi(flow);
    if (client.json) return { status: 200, body: this.view(flow, subject, client) };
    return { status: 303, location: withFlow(this.settings.uiUrl, flow.id) };
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
    const identity = await this.sessions.identity(flow.identityId);
    const prepared = identity ? await this.prepared(fresh, await this.access.subject(identity), now) : fresh;
    await this.flows.create(prepared);
    return prepared;
  }

  /** The flow with what the enabled strategies keep in it for this identity (a TOTP seed to confirm, a WebAuthn
   * challenge); `keep` is state a strategy set on the last submit (such as lookup codes shown once). */
  private async prepared(flow: SettingsFlow, subject: SettingsSubjectView, now: Date, keep?: Record<string, unknown>): Promise<SettingsFlow> {
    const internal = await this.strategies.prepare({ kind: 'settings', flow: { ...flow, internal: keep }, ...subject }, now);
    return internal === undefined ? flow : { ...flow, internal };
  }

  private view(flow: SettingsFlow, subject: SettingsSubjectView, client: Client) {
    return settingsFlowView(flow, subject, this.strategies, this.settings.publicBaseUrl, this.browser.maskedToken(client, flow));
  }
}

function withFlow(uiUrl: string, flowId: string): string {
  return withQuery(uiUrl, 'flow', flowId);
}

/** The flow with a strategy's new state (undefined: unchanged; null: removed). */
function withInternal(flow: SettingsFlow, id: string, state: unknown): SettingsFlow {
  if (state === undefined) return flow;
  const rest = Object.fromEntries(Object.entries(flow.internal ?? {}).filter(([k]) => k !== id));
  const internal = state === null ? rest : { ...rest, [id]: state };
  return { ...flow, internal: Object.keys(internal).length > 0 ? internal : undefined };
}

/** What a refused profile submit keeps in the form (the traits typed; never a password or a code). */
function valuesOf(input: Record<string, unknown>): Pick<FlowUi, 'values'> {
  return input.traits && typeof input.traits === 'object' ? { values: { traits: input.traits } } : {};
}
