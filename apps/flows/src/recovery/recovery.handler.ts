import { Injectable } from '@nestjs/common';
import { KratosError, Messages, normalizeIdentifier } from '@gatehouse/contracts';
import { Reply, answer } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { flowExpired } from '../http/flow-expired';
import { StoredFlow } from '../persistence/flow.repository';
import { SessionService } from '../session/session.service';
import { issueCode, issueToken } from '../verification/verification-code';
import { RecoveryAddresses } from './recovery-addresses';
import { RecoveryCompletion } from './recovery-completion';
import { RecoveryFlows } from './recovery-flows';
import { decide } from './recovery.decide';
import { RecoveryMessages as M } from './recovery.messages';
import { RecoveryFlow, RecoveryMethod, requested } from './recovery.state';
import { RecoverySecretUsedError, RecoveryWriter } from './recovery.writer';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The recovery flow with the `code` and `link` methods: native (API), browser and SPA, plus the mailed link. */
@Injectable()
export class RecoveryHandler {
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
    const flow = await this.flows.load(id);
    if (!flow.admin) this.browser.verifyFetch(client, flow);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) {
      const fresh = await this.flows.create(flow.type, flow.requestUrl, { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, form: [M.flowExpired(flow.expiresAt, now)] });
      return flowExpired(flow.expiresAt, now, fresh.id);
    }
    return { status: 200, body: this.flows.view(flow, client) };
  }

  /** POST: `{method, email}` sends a code or a link; `{method: "code", code}` recovers. */
  async submit(id: unknown, body: unknown, original: Client): Promise<Reply> {
    const flow = await this.flows.load(id);
    const client = this.browser.clientFor(original, flow);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return this.flows.expired(flow, now, client);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw KratosError.badRequest('The request body must be a JSON object or a form.');
    const input = body as Record<string, unknown>;
    if (!flow.admin) this.browser.verifySubmit(client, flow, input);
    const method = this.flows.method(input.method);
    if (!method) return this.flows.refuse(flow, client, { form: [M.noStrategy()] });
    const email = typeof input.email === 'string' && input.email.trim() !== '' ? input.email : undefined;
    const code = typeof input.code === 'string' && input.code !== '' ? input.code : undefined;
    if (method === 'code' && code !== undefined && email === undefined) return this.completion.complete(flow, client, 'code', code, now);
    if (email === undefined || !EMAIL.test(email.trim())) {
      const message = email === undefined ? Messages.required('email') : Messages.validation(`"${email}" is not valid "email"`);
      return this.flows.refuse(flow, client, { fields: [{ node: 'email', message }] });
    }
    return this.request(flow, client, method, normalizeIdentifier(email, 'address_lookup'), now);
  }

  /** GET with `token=` (link method) or `code=`: the link in the mail or from the admin API. */
  async openLink(id: unknown, query: Record<string, string | undefined>, original: Client): Promise<Reply> {
    const flow = await this.flows.load(id);
    const client = this.browser.clientFor(original, flow);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return this.flows.expired(flow, now, client);
    const [method, secret] = query.token ? (['link', query.token] as const) : query.code ? (['code', query.code] as const) : [undefined, undefined];
    if (!method) return answer.flow(client, 200, this.flows.view(flow, client), this.settings.uiUrl);
    this.flows.method(method);
    return this.completion.complete(flow, client, method, secret, now);
  }

  private async request(flow: RecoveryFlow, client: Client, method: RecoveryMethod, address: string, now: Date): Promise<Reply> {
    const recipient = await this.addresses.find('email', address);
    // a secret is made either way, so that a known and an unknown address cost the same
    const issued = method === 'code' ? issueCode(flow.id, this.settings.secrets) : issueToken(flow.id, this.settings.secrets);
    const expiresAt = new Date(now.getTime() + (method === 'code' ? this.settings.code.lifespanMs : this.settings.link.lifespanMs));
    const decision = decide({ type: 'RequestRecovery', now, flowId: flow.id, method, address, recipient, sealed: issued.sealed, expiresAt }, flow);
    if (!Array.isArray(decision)) return this.flows.rejected(decision, flow, client, method, now);
    const next = requested(flow, method, address);
    try {
      await this.writer.requested({ next, events: decision, method, secret: { recipient: decision.length > 0 ? recipient : undefined, digest: issued.digest, expiresAt }, now });
    } catch (e) {
      if (e instanceof RecoverySecretUsedError) return this.flows.rejected({ reason: 'flow_completed' }, flow, client, method, now);
      throw e;
    }
    return answer.flow(client, 200, this.flows.view(next, client), this.settings.uiUrl);
  }
}
