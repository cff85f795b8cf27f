import { KratosError } from '@gatehouse/contracts';
import { StoredFlow } from '../flow/flow.types';
import { isUuid } from '../persistence/flow.repository';
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
  /** Flows without CSRF checks (a recovery flow an administrator created: whoever holds its code may submit it). */
  csrfExempt?(flow: F): boolean;
  /** read on each use */
  settings: { clock(): Date; uiUrl: string };
}

/** The steps every self-service flow handler shares, in Kratos's order: loading a flow by its id, fetching it
 * (CSRF, then expiry), the expiry of a submit or an opened link (a fresh flow and Kratos's 410 or 303) and the
 * body and CSRF checks before a submit. A flow's own checks (settings: the session's identity) come between
 * `load`/`open` and `show`/`accept`. */
export class FlowLifecycle<F extends StoredFlow> {
  constructor(
    private readonly browser: BrowserFlows,
    private readonly o: FlowLifecycleOptions<F>,
  ) {}

  async load(id: unknown): Promise<F> {
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The flow query parameter is missing or malformed.');
    const flow = isUuid(id) ? await this.o.find(id) : null;
    if (!flow) throw this.notFound();
    return flow;
  }

  notFound(): KratosError {
    return new KratosError(404, { reason: `The ${this.o.kind} flow could not be found. It may have been deleted or never existed.` });
  }

  /** GET of a flow: the CSRF check, then the view, or the 410 pointing at a fresh flow. */
  async get(id: unknown, client: Client, view: (flow: F) => unknown): Promise<Reply> {
    return this.show(await this.load(id), client, view);
  }

  /** GET of a loaded flow, as `get`. */
  async show(flow: F, client: Client, view: (flow: F) => unknown): Promise<Reply> {
    if (!this.o.csrfExempt?.(flow)) this.browser.verifyFetch(client, flow);
    const now = this.o.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return flowExpired(flow.expiresAt, now, (await this.o.renew(flow, now)).id);
    return { status: 200, body: view(flow) };
  }

  /** The flow a submit names and the client as that flow sees it. */
  async open(id: unknown, original: Client): Promise<{ flow: F; client: Client }> {
    const flow = await this.load(id);
    return { flow, client: this.browser.clientFor(original, flow) };
  }

  /** The time of a step on an open flow (a submit, an opened link), or the reply to its expiry. */
  async unexpired(flow: F, client: Client): Promise<{ now: Date } | { reply: Reply }> {
    const now = this.o.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return { reply: await this.expired(flow, now, client) };
    return { now };
  }

  /** A submit's checks: the flow's expiry (a reply), the body's shape and the CSRF token. */
  async accept(flow: F, client: Client, body: unknown): Promise<{ now: Date; input: Record<string, unknown> } | { reply: Reply }> {
    const step = await this.unexpired(flow, client);
    if ('reply' in step) return step;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw KratosError.badRequest('The request body must be a JSON object or a form.');
    const input = body as Record<string, unknown>;
    if (!this.o.csrfExempt?.(flow)) this.browser.verifySubmit(client, flow, input);
    return { now: step.now, input };
  }

  /** 410 with a fresh flow to continue with (JSON), or a redirect to the fresh flow's UI (browser). */
  async expired(flow: F, now: Date, client: Client): Promise<Reply> {
    const fresh = await this.o.renew(flow, now);
    return answer.expired(client, flowExpired(flow.expiresAt, now, fresh.id), fresh.id, this.o.settings.uiUrl);
  }
}
