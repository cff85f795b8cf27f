import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages as M, UiText } from '@gatehouse/contracts';
import { Reply, answer } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { FlowUi, StoredFlow } from '../flow/flow.types';
import { StrategyRegistry } from '../strategies/strategy.registry';
import { ChallengeMethod } from '../strategies/strategy';
import { RecoveryFlowRepository } from './recovery-flow.repository';
import { RecoveryRejection } from './recovery.commands';
import { RECOVERY_SETTINGS, RecoverySettings } from './recovery.settings';
import { RecoveryFlow, RecoveryMethod } from './recovery.state';
import { recoveryFlowView } from './recovery.view';

/** What every recovery step shares: the flow lifecycle (flows an administrator created skip the CSRF checks),
 * creating and renewing flows, and the refusal answers. */
@Injectable()
export class RecoveryFlows {
  readonly lifecycle: FlowLifecycle<RecoveryFlow>;

  constructor(
    readonly repository: RecoveryFlowRepository,
    private readonly browser: BrowserFlows,
    private readonly strategies: StrategyRegistry,
    @Inject(RECOVERY_SETTINGS) readonly settings: RecoverySettings,
  ) {
    const renew = (f: RecoveryFlow, now: Date) => this.renew(f, now);
    this.lifecycle = new FlowLifecycle(browser, { kind: 'recovery', find: (id) => this.repository.find(id), renew, csrfExempt: (f) => f.admin === true, settings });
  }

  /** A new flow in choose_method (saved unless `save` is false: the admin API saves it with its secret). */
  async create(type: StoredFlow['type'], requestUrl: string, extra: Partial<RecoveryFlow> & { form?: UiText[]; lifespanMs?: number }, save = true): Promise<RecoveryFlow> {
    const now = this.settings.clock();
    const { form, lifespanMs, ...rest } = extra;
    const flow: RecoveryFlow = {
      id: randomUUID(),
      type,
      schemaId: 'default',
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (lifespanMs ?? this.settings.lifespanMs)).toISOString(),
      requestUrl,
      state: 'choose_method',
      ...JSON.parse(JSON.stringify(rest)),
      ...(form ? { ui: { form } } : {}),
    };
    if (save) await this.repository.create(flow);
    return flow;
  }

  /** A fresh flow replacing an expired one (same type, return_to and browser), carrying 4060005. */
  private renew(flow: RecoveryFlow, now: Date): Promise<RecoveryFlow> {
    return this.create(flow.type, flow.requestUrl, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, form: [M.ErrorValidationRecoveryFlowExpired(flow.expiresAt, now)] });
  }

  async rejected(r: RecoveryRejection, flow: RecoveryFlow, client: Client, method: RecoveryMethod, now: Date): Promise<Reply> {
    const invalid = method === 'code' ? M.ErrorValidationRecoveryCodeInvalidOrAlreadyUsed() : M.ErrorValidationRecoveryTokenInvalidOrAlreadyUsed();
    switch (r.reason) {
      case 'flow_not_found':
        throw KratosError.notFound();
      case 'flow_expired':
        return this.lifecycle.expired(flow, now, client);
      case 'flow_completed':
        return this.refuse(flow, client, { form: [M.ErrorValidationRecoveryRetrySuccess()] });
      case 'secret_invalid':
        if (flow.state !== 'passed_challenge') await this.repository.recordFailure(flow.id);
        return this.refuse(flow, client, { form: [invalid] });
      case 'too_many_submissions':
        return this.refuse(flow, client, { form: [invalid] });
      case 'secret_expired':
        return this.refuse(flow, client, { form: [M.ErrorValidationRecoveryFlowExpired(r.expiredAt, now)] });
    }
  }

  /** A refused submit: 400 with the flow carrying the message (browser: 303 to the UI, which fetches it). */
  async refuse(flow: RecoveryFlow, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: RecoveryFlow = { ...flow, ui };
    await this.repository.saveUi(updated);
    return answer.flow(client, 400, this.view(updated, client), this.settings.uiUrl);
  }

  /** The method a submit or link names, when a strategy serves recovery with it (Kratos's 404 when it is off). */
  method(value: unknown): RecoveryMethod | undefined {
    // the strategies that serve recovery are code and link
    return this.strategies.method('recovery', value)?.id as RecoveryMethod | undefined;
  }

  /** The recovery submit handler of a method method() accepted. */
  challenge(method: RecoveryMethod): ChallengeMethod {
    return this.strategies.submitter('recovery', method);
  }

  /** The flow's view; `csrfMasked` for a browser flow whose CSRF cookie is only being set by this answer. */
  view(flow: RecoveryFlow, client: Client, csrfMasked?: string) {
    // flows an administrator created carry no CSRF token: whoever holds the code may submit it
    const csrf = flow.admin ? undefined : (csrfMasked ?? this.browser.maskedToken(client, flow));
    return recoveryFlowView(flow, { publicBaseUrl: this.settings.publicBaseUrl, use: this.settings.use, strategies: this.strategies }, csrf);
  }
}
