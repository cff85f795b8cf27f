import { Configuration, FrontendApi, IdentityApi } from '@ory/client';
import { waitFor } from '@gatehouse/testing';
import { FlowsHarness } from './flows-harness';

export const PASSWORD = 'correct horse battery staple 42';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** The admin identity API of a FlowsHarness over plain HTTP (headers visible), plus the SDK, login, whoami and
 * the events on the harness's Kafka topic. */
export class AdminClient {
  readonly sdk: IdentityApi;
  readonly ory: FrontendApi;

  constructor(private readonly h: FlowsHarness) {
    this.sdk = new IdentityApi(new Configuration({ basePath: h.url }));
    this.ory = new FrontendApi(new Configuration({ basePath: h.url }));
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.h.url}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  create(body: unknown, headers?: Record<string, string>): Promise<Answer> {
    return this.call('POST', '/admin/identities', body, headers);
  }

  get(id: string, query = ''): Promise<Answer> {
    return this.call('GET', `/admin/identities/${id}${query}`);
  }

  /** A new identity with the default schema and a password; fails the test unless it is created. */
  async createUser(email: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await this.create({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password: PASSWORD } } }, ...extra });
    if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A native login through the flows login API: the status and body of the submit. */
  async login(identifier: string, password = PASSWORD): Promise<{ status: number; body: any }> {
    const { data: flow } = await this.ory.createNativeLoginFlow();
    const res = await fetch(`${this.h.url}/self-service/login?flow=${flow.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ method: 'password', identifier, password }),
    });
    return { status: res.status, body: await res.json() };
  }

  async whoami(token: string): Promise<number> {
    return (await fetch(`${this.h.url}/sessions/whoami`, { headers: { 'x-session-token': token } })).status;
  }

  /** The data of every `ce_type` event on Kafka that matches, once at least `count` are there. */
  async events(ceType: string, where: (data: any, key: string) => boolean, count = 1, timeoutMs = 20_000): Promise<any[]> {
    return waitFor(
      async () => {
        const found = (await this.h.topic.readAll()).filter((r) => r.headers.ce_type === ceType).filter((r) => where(JSON.parse(r.value), r.key)).map((r) => JSON.parse(r.value));
        return found.length >= count ? found : undefined;
      },
      { what: `${count} ${ceType} on Kafka`, timeoutMs, intervalMs: 200 },
    );
  }
}

export const uniqueEmail = (name: string): string => `${name}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
