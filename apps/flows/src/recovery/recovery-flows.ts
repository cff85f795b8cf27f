import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, UiText } from '@gatehouse/contracts';
import { Reply, answer } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { flowExpired } from '../http/flow-expired';
import { FlowUi, StoredFlow, isUuid } from '../persistence/flow.repository';
import { RecoveryFlowRepository } from './recovery-flow.repository';
import { RecoveryRejection } from './recovery.commands';
import { RecoveryMessages as M } from './recovery.messages';
import { RECOVERY_SETTINGS, RecoverySettings } from './recovery.settings';
import { RecoveryFlow, RecoveryMethod } from './recovery.state';
import { recoveryFlowView } from './recovery.view';

/** What every recovery step shares: loading, creating and renewing flows, and the refusal answers. */
@Injectable()
export class RecoveryFlows {
  constructor(
    readonly repository: RecoveryFlowRepository,
    private readonly browser: BrowserFlows,
    @Inject(RECOVERY_SETTINGS) readonly settings: RecoverySettings,
  ) {}

  async load(id: unknown): Promise<RecoveryFlow> {
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The flow query parameter is missing or malformed.');
    const flow = isUuid(id) ? await this.repository.find(id) : null;
    if (!flow) throw new KratosError(404, { reason: 'The recovery flow could not be found. It may have been deleted or never existed.' });
    return flow;
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

  /** An expired flow: a fresh one (same type, return_to and browser) carrying 4060005, and Kratos's 410 or 303. */
  async expired(flow: RecoveryFlow, now: Date, client: Client): Promise<Reply> {
    const fresh = await this.create(flow.type, flow.requestUrl, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, form: [M.flowExpired(flow.expiresAt, now)] });
    return answer.expired(client, flowExpired(flow.expiresAt, now, fresh.id), fresh.id, this.settings.uiUrl);
  }

  async rejected(r: RecoveryRejection, flow: RecoveryFlow, client: Client, method: RecoveryMethod, now: Date): Promise<Reply> {
    const invalid = method === 'code' ? M.codeInvalid() : M.tokenInvalid();
    switch (r.reason) {
      case 'flow_not_found':
        throw KratosError.notFound();
      case 'flow_expired':
        return this.expired(flow, now, client);
      case 'flow_completed':
        return this.refuse(flow, client, { form: [M.alreadyCompleted()] });
      case 'secret_invalid':
        if (flow.state !== 'passed_challenge') await this.repository.recordFailure(flow.id);
        return this.refuse(flow, client, { form: [invalid] });
      case 'too_many_submissions':
        return this.refuse(flow, client, { form: [invalid] });
      case 'secret_expired':
        return this.refuse(flow, client, { form: [M.flowExpired(r.expiredAt, now)] });
    }
  }

  /** A refused submit: 400 with the flow carrying the message (browser: 303 to the UI, which fetches it). */
  async refuse(flow: RecoveryFlow, client: Client, ui: FlowUi): Promise<Reply> {
    const updated: RecoveryFlow = { ...flow, ui };
    await this.repository.saveUi(updated);
    return answer.flow(client, 400, this.view(updated, client), this.settings.uiUrl);
  }

  method(value: unknown): RecoveryMethod | undefined {
    if (value !== 'code' && value !== 'link') return undefined;
    const enabled = value === 'code' ? this.settings.code.enabled : this.settings.link.enabled;
    if (!enabled) throw new KratosError(404, { reason: 'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.' });
    return value;
  }

  /** The flow's view; `csrfMasked` for a browser flow whose CSRF cookie is only being set by this answer. */
  view(flow: RecoveryFlow, client: Client, csrfMasked?: string) {
    // flows an administrator created carry no CSRF token: whoever holds the code may submit it
    const csrf = flow.admin ? undefined : (csrfMasked ?? this.browser.maskedToken(client, flow));
    return recoveryFlowView(flow, { publicBaseUrl: this.settings.publicBaseUrl, use: this.settings.use }, csrf);
  }
}
