import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages as M, UiText } from '@gatehouse/contracts';
import { EqualCost } from '../challenge/equal-cost';
import { Reply, answer, withQuery } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { awaiting } from '../http/read-your-writes';
import { FlowUi, StoredFlow } from '../flow/flow.types';
import { StrategyRegistry } from '../strategies/strategy.registry';
import { IdentityAddresses } from '../identity/identity-addresses';
import { codeMatches } from './verification-code';
import { VerificationFlowRepository } from './verification-flow.repository';
import { VerificationSecretsRepository } from './verification-secrets.repository';
import { decide } from './verification.decide';
import { VerificationRejection } from './verification.errors';
import { VERIFICATION_SETTINGS, VerificationSettings } from './verification.settings';
import { VerificationFlow, VerificationMethod, evolve, requested } from './verification.state';
import { verificationFlowView } from './verification.view';
import { VerificationSecretUsedError, VerificationWriter } from './verification.writer';

/** The verification flow with the `code` and `link` methods: native (API), browser and SPA, plus the mailed link. */
@Injectable()
export class VerificationHandler {
  private readonly lifecycle: FlowLifecycle<VerificationFlow>;
  /** code and link requests answer in the same time for a known and an unknown address */
  private readonly cost = new EqualCost();

  constructor(
    private readonly flows: VerificationFlowRepository,
    private readonly secrets: VerificationSecretsRepository,
    private readonly addresses: IdentityAddresses,
    private readonly writer: VerificationWriter,
    private readonly browser: BrowserFlows,
    private readonly strategies: StrategyRegistry,
    @Inject(VERIFICATION_SETTINGS) private readonly settings: VerificationSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'verification', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>): Promise<Reply> {
    if (!this.settings.enabled) throw KratosError.badRequest('Verification is not allowed because it was disabled.');
    return this.browser.start(type, client, query.return_to, this.settings.uiUrl, {
      make: async (init) => this.view(await this.newFlow(type, client.requestUrl, { returnTo: init.returnTo, csrfDigest: init.csrf?.digest }), init.csrf?.masked),
    });
  }

  async getFlow(id: unknown, client: Client): Promise<Reply> {
    return this.lifecycle.get(id, client, (f) => this.view(f, this.browser.maskedToken(client, f)));
  }

  /** POST: `{method, email}` sends a code or a link; `{method: "code", code}` verifies. */
  async submit(id: unknown, body: unknown, original: Client): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const accepted = await this.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    const method = this.method(input.method);
    const read = this.strategies.submitter('verification', method).read(input);
    if ('fields' in read) return this.refuse(flow, client, { fields: read.fields });
    if ('secret' in read.accepted) return (await this.verify(flow, client, method, read.accepted.secret, now)).reply;
    const { address } = read.accepted;
    return this.cost.pace((known) => this.request(flow, client, method, address, now, known));
  }

  /** GET with `code=` or `token=`: the link in the mail. Success sends a browser on to the return URL. */
  async openLink(id: unknown, query: Record<string, string | undefined>, original: Client): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const step = await this.lifecycle.unexpired(flow, client);
    if ('reply' in step) return step.reply;
    const { now } = step;
    const [method, secret] = query.token ? (['link', query.token] as const) : query.code ? (['code', query.code] as const) : [undefined, undefined];
    if (!method) return answer.flow(client, 200, this.view(flow, this.browser.maskedToken(client, flow)), this.settings.uiUrl);
    this.method(method);
    const { reply, passed } = await this.verify(flow, client, method, secret, now);
    return passed && !client.json ? { status: 303, location: this.continueUrl(passed), awaits: reply.awaits } : reply;
  }

  /** Paced by `cost` (see submit): `known()` once a known address's event and digest are written. */
  private async request(flow: VerificationFlow, client: Client, method: VerificationMethod, address: string, now: Date, known: () => void): Promise<Reply> {
    const recipient = await this.addresses.find('email', address);
    // a secret is made either way; what the known path costs beyond that, the pacing adds to the unknown one
    const { issued, expiresAt } = this.strategies.submitter('verification', method).issue(flow.id, now);
    const decision = decide({ type: 'RequestVerification', now, flowId: flow.id, method, address, recipient, sealed: issued.sealed, expiresAt }, flow);
    if (!Array.isArray(decision)) return this.rejected(decision, flow, client, method, now);
    const next = requested(flow, method, address);
    try {
      await this.writer.requested({ next, events: decision, method, secret: { recipient, digest: issued.digest, expiresAt }, now });
    } catch (e) {
      if (e instanceof VerificationSecretUsedError) return this.rejected({ reason: 'flow_completed' }, flow, client, method, now);
      throw e;
    }
    if (decision.length > 0) known();
    return answer.flow(client, 200, this.view(next, this.browser.maskedToken(client, next)), this.settings.uiUrl);
  }

  private async verify(flow: VerificationFlow, client: Client, method: VerificationMethod, secret: string, now: Date): Promise<{ reply: Reply; passed?: VerificationFlow }> {
    const candidates = flow.state === 'passed_challenge' ? [] : await this.secrets.unused(flow.id, method);
    const match = candidates.find((c) => codeMatches(secret, flow.id, c.digest, this.settings.secrets.default[0]));
    const maxSubmissions = this.settings.code.maxSubmissions;
    const decision = decide({ type: 'SubmitVerificationSecret', now, flowId: flow.id, method, maxSubmissions, match }, flow);
    if (!Array.isArray(decision)) return { reply: await this.rejected(decision, flow, client, method, now) };
    const next = decision.reduce<VerificationFlow>((f, e) => evolve(f, e) ?? f, flow);
    let appended;
    try {
      appended = await this.writer.verified(next, decision, match!.id, maxSubmissions, now);
    } catch (e) {
      if (e instanceof VerificationSecretUsedError) return { reply: await this.rejected({ reason: 'secret_invalid' }, await this.reload(flow), client, method, now) };
      throw e;
    }
    // AddressVerified is on the admin API when the answer is sent (the gateway waits for the read model)
    return { reply: awaiting(answer.flow(client, 200, this.view(next, this.browser.maskedToken(client, next)), this.settings.uiUrl), appended), passed: next };
  }

  private async rejected(r: VerificationRejection, flow: VerificationFlow, client: Client, method: VerificationMethod, now: Date): Promise<Reply> {
    const invalid = method === 'code' ? M.ErrorValidationVerificationCodeInvalidOrAlreadyUsed() : M.ErrorValidationVerificationTokenInvalidOrAlreadyUsed();
    switch (r.reason) {
      case 'flow_not_found':
        throw KratosError.notFound();
      case 'flow_expired':
        return this.lifecycle.expired(flow, now, client);
      case 'flow_completed':
        throw KratosError.badRequest('The verification flow was completed already and can not be submitted again.');
      case 'secret_invalid':
        if (flow.state !== 'passed_challenge') await this.flows.recordFailure(flow.id);
        return this.refuse(flow, client, { form: [invalid] });
      case 'too_many_submissions':
        return this.refuse(flow, client, { form: [invalid] });
      case 'secret_expired':
        return this.refuse(flow, client, { form: [M.ErrorValidationVerificationFlowExpired(r.expiredAt, now)] });
    }
  }

  /** A refused submit: 400 with the flow carrying the message (browser: 303 to the UI, which fetches it). */
  private async refuse(flow: VerificationFlow, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: VerificationFlow = { ...flow, ui };
    await this.flows.saveUi(updated);
    return answer.flow(client, 400, this.view(updated, this.browser.maskedToken(client, updated)), this.settings.uiUrl);
  }

  /** The method a submit or link names, when a strategy serves verification with it (Kratos's 404 when it is off). */
  private method(value: unknown): VerificationMethod {
    const strategy = this.strategies.method('verification', value);
    if (!strategy) throw KratosError.badRequest('Could not find a strategy to verify your account with. Did you fill out the form correctly?');
    // the strategies that serve verification are code and link
    return strategy.id as VerificationMethod;
  }

  private async reload(flow: VerificationFlow): Promise<VerificationFlow> {
    return (await this.flows.find(flow.id)) ?? flow;
  }

  private async newFlow(type: StoredFlow['type'], requestUrl: string, extra: { returnTo?: string; csrfDigest?: string; form?: UiText[] }): Promise<VerificationFlow> {
    const now = this.settings.clock();
    const flow: VerificationFlow = {
      id: randomUUID(),
      type,
      schemaId: 'default',
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.lifespanMs).toISOString(),
      requestUrl,
      ...(extra.returnTo ? { returnTo: extra.returnTo } : {}),
      ...(extra.csrfDigest ? { csrfDigest: extra.csrfDigest } : {}),
      ...(extra.form ? { ui: { form: extra.form } } : {}),
      state: 'choose_method',
    };
    await this.flows.create(flow);
    return flow;
  }

  /** A fresh flow replacing an expired one (same type, return_to and browser), carrying Kratos's 4070005. */
  private renew(flow: VerificationFlow, now: Date): Promise<VerificationFlow> {
    return this.newFlow(flow.type, flow.requestUrl, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, form: [M.ErrorValidationVerificationFlowExpired(flow.expiresAt, now)] });
  }

  /** Where a verified browser goes: the flow's return_to, else the after-URL, else the UI showing the passed flow. */
  private continueUrl(flow: VerificationFlow): string {
    return flow.returnTo ?? this.settings.afterReturnUrl ?? withQuery(this.settings.uiUrl, 'flow', flow.id);
  }

  private view(flow: VerificationFlow, csrfToken?: string) {
    const s = this.settings;
    return verificationFlowView(flow, { publicBaseUrl: s.publicBaseUrl, use: s.use, continueUrl: s.afterReturnUrl ?? this.browser.returnUrl(flow), strategies: this.strategies }, csrfToken);
  }
}
