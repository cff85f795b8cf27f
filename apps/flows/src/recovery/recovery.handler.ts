import { Injectable } from '@nestjs/common';
import { KratosError, Messages } from '@gatehouse/contracts';
import { EqualCost } from '../challenge/equal-cost';
import { Reply, answer } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { StoredFlow } from '../flow/flow.types';
import { SessionService } from '../session/session.service';
import { RecoveryAddresses } from '../identity/recovery-addresses';
import { RecoveryCompletion } from './recovery-completion';
import { RecoveryFlows } from './recovery-flows';
import { decide } from './recovery.decide';
import { RecoveryFlow, RecoveryMethod, requested } from './recovery.state';
import { RecoverySecretUsedError, RecoveryWriter } from './recovery.writer';

/** The recovery flow with the `code` and `link` methods: native (API), browser and SPA, plus the mailed link. */
@Injectable()
export class RecoveryHandler {
  /** code and link requests answer in the same time for a known and an unknown address */
  private readonly cost = new EqualCost();

  constructor(
    private readonly flows: RecoveryFlows,
    private readonly addresses: RecoveryAddresses,
    private readonly writer: RecoveryWriter,
    private readonly completion: RecoveryCompletion,
    private readonly sessions: SessionService,
    private readonly browser: BrowserFlows,
  ) {}

  private get settings() {
    return this.flows.settings;
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    if (!this.settings.enabled) throw KratosError.badRequest('Recovery is not allowed because it was disabled.');
    return this.browser.start(type, client, query.return_to, this.settings.uiUrl, {
      // a signed-in user has nothing to recover (Kratos: browser → return URL, JSON → 400)
      signedIn: async () => (await this.sessions.resolve(sessionToken)) !== null,
      make: async (init) => this.flows.view(await this.flows.create(type, client.requestUrl, { returnTo: init.returnTo, csrfDigest: init.csrf?.digest }), client, init.csrf?.masked),
    });
  }

  async getFlow(id: unknown, client: Client): Promise<Reply> {
    return this.flows.lifecycle.get(id, client, (f) => this.flows.view(f, client));
  }

  /** POST: `{method, email}` sends a code or a link; `{method: "code", code}` recovers. */
  async submit(id: unknown, body: unknown, original: Client): Promise<Reply> {
    const { flow, client } = await this.flows.lifecycle.open(id, original);
    const accepted = await this.flows.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    const method = this.flows.method(input.method);
    if (!method) return this.flows.refuse(flow, client, { form: [Messages.ErrorValidationRecoveryNoStrategyFound()] });
    const read = this.flows.challenge(method).read(input);
    if ('fields' in read) return this.flows.refuse(flow, client, { fields: read.fields });
    if ('secret' in read.accepted) return this.completion.complete(flow, client, method, read.accepted.secret, now);
    const { address } = read.accepted;
    return this.cost.pace((known) => this.request(flow, client, method, address, now, known));
  }

  /** GET with `token=` (link method) or `code=`: the link in the mail or from the admin API. */
  async openLink(id: unknown, query: Record<string, string | undefined>, original: Client): Promise<Reply> {
    const { flow, client } = await this.flows.lifecycle.open(id, original);
    const step = await this.flows.lifecycle.unexpired(flow, client);
    if ('reply' in step) return step.reply;
    const { now } = step;
    const [method, secret] = query.token ? (['link', query.token] as const) : query.code ? (['code', query.code] as const) : [undefined, undefined];
    if (!method) return answer.flow(client, 200, this.flows.view(flow, client), this.settings.uiUrl);
    this.flows.method(method);
    return this.completion.complete(flow, client, method, secret, now);
  }

  /** Paced by `cost` (see submit): `known()` once a known address's events and digest are written. */
  private async request(flow: RecoveryFlow, client: Client, method: RecoveryMethod, address: string, now: Date, known: () => void): Promise<Reply> {
    const recipient = await this.addresses.find('email', address);
    // a secret is made either way; what the known path costs beyond that, the pacing adds to the unknown one
    const { issued, expiresAt } = this.flows.challenge(method).issue(flow.id, now);
    const decision = decide({ type: 'RequestRecovery', now, flowId: flow.id, method, address, recipient, sealed: issued.sealed, expiresAt }, flow);
    if (!Array.isArray(decision)) return this.flows.rejected(decision, flow, client, method, now);
    const next = requested(flow, method, address);
    try {
      await this.writer.requested({ next, events: decision, method, secret: { recipient: decision.length > 0 ? recipient : undefined, digest: issued.digest, expiresAt }, now });
    } catch (e) {
      if (e instanceof RecoverySecretUsedError) return this.flows.rejected({ reason: 'flow_completed' }, flow, client, method, now);
      throw e;
    }
    if (decision.length > 0) known();
    return answer.flow(client, 200, this.flows.view(next, client), this.settings.uiUrl);
  }
}
