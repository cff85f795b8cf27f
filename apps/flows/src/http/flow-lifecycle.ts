import { KratosError } from '@gatehouse/contracts';
import { StoredFlow, isUuid } from '../persistence/flow.repository';
import { Reply, answer } from './answer';
import { BrowserFlows } from './browser-flows';
import { Client } from './client';
import { flowExpired } from './flow-expired';

/** What one kind of flow tells the lifecycle: where its flows are, how an expired one is replaced, its UI. */
export interface FlowLifecycleOptions<F extends StoredFlow> {
  /** for the 404 reason ("The login flow could not be found…") */
  kind: string;
  find(id: string): Promise<F | null>;
  /** A fresh flow replacing an expired one (same type, return_to and browser), carrying the flow's expiry message. */
  renew(flow: F, now: Date): Promise<F>;
  /** read on each use */
  settings: { clock(): Date; uiUrl: string };
}

/** The steps every self-service flow handler shares: loading a flow by its id, fetching it, the expiry of a
 * submit (a fresh flow and Kratos's 410 or 303) and the body and CSRF checks before a submit. */
export class FlowLifecycle<F extends StoredFlow> {
  constructor(
    private readonly browser: BrowserFlows,
    private readonly o: FlowLifecycleOptions<F>,
  ) {}

  async load(id: unknown): Promise<F> {
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The flow query parameter is missing or malformed.');
    const flow = isUuid(id) ? await this.o.find(id) : null;
    if (!flow) throw new KratosError(404, { reason: `The ${this.o.kind} flow could not be found. It may have been deleted or never existed.` });
    return flow;
  }

  /** GET of a flow: the CSRF check, then the view, or the 410 pointing at a fresh flow. */
  async get(id: unknown, client: Client, view: (flow: F) => unknown): Promise<Reply> {
    const flow = await this.load(id);
    this.browser.verifyFetch(client, flow);
    const now = this.o.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return flowExpired(flow.expiresAt, now, (await this.o.renew(flow, now)).id);
    return { status: 200, body: view(flow) };
  }

  /** The flow a submit names and the client as that flow sees it. */
  async open(id: unknown, original: Client): Promise<{ flow: F; client: Client }> {
    const flow = await this.load(id);
    return { flow, client: this.browser.clientFor(original, flow) };
  }

  /** A submit's checks: the flow's expiry (a reply), the body's shape and the CSRF token. */
  async accept(flow: F, client: Client, body: unknown): Promise<{ now: Date; input: Record<string, unknown> } | { reply: Reply }> {
    const now = this.o.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return { reply: await this.expired(flow, now, client) };
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw KratosError.badRequest('The request body must be a JSON object or a form.');
    const input = body as Record<string, unknown>;
    this.browser.verifySubmit(client, flow, input);
    return { now, input };
  }

  /** 410 with a fresh flow to continue with (JSON), or a redirect to the fresh flow's UI (browser). */
  async expired(flow: F, now: Date, client: Client): Promise<Reply> {
    const fresh = await this.o.renew(flow, now);
    return answer.expired(client, flowExpired(flow.expiresAt, now, fresh.id), fresh.id, this.o.settings.uiUrl);
  }
}
