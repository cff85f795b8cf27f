import { CookieJar } from '@gatehouse/testing';

export const PASSWORD = 'a long and secret passphrase';
export const JSON_HEADERS = { accept: 'application/json' };

type Kind = 'login' | 'registration' | 'settings';

/** One browser (its own cookie jar) talking to the flows service: plain HTTP, no SDK, redirects not followed. */
export class Browser {
  readonly jar = new CookieJar();

  constructor(private readonly base: string) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.jar.fetch(`${this.base}${path}`, { headers });
  }

  /** A browser flow as an SPA gets it (200 JSON), with its CSRF token. */
  async spaFlow(kind: Kind, query = ''): Promise<{ flow: any; csrf: string }> {
    const res = await this.get(`/self-service/${kind}/browser${query}`, JSON_HEADERS);
    if (res.status !== 200) throw new Error(`${kind} browser init answered ${res.status}: ${await res.text()}`);
    const flow = (await res.json()) as any;
    return { flow, csrf: csrfOf(flow) };
  }

  /** A browser flow as a plain browser gets it: 303 to the UI, then the UI fetches the flow with the cookies. */
  async browserFlow(kind: Kind, query = ''): Promise<{ flow: any; csrf: string; location: string }> {
    const res = await this.get(`/self-service/${kind}/browser${query}`);
    if (res.status !== 303) throw new Error(`${kind} browser init answered ${res.status}`);
    const location = res.headers.get('location')!;
    const id = new URL(location).searchParams.get('flow')!;
    const fetched = await this.get(`/self-service/${kind}/flows?id=${id}`, JSON_HEADERS);
    const flow = (await fetched.json()) as any;
    return { flow, csrf: csrfOf(flow), location };
  }

  /** An HTML form post (application/x-www-form-urlencoded). */
  formPost(kind: Kind, flowId: string, fields: Record<string, string>): Promise<Response> {
    return this.jar.fetch(`${this.base}/self-service/${kind}?flow=${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** An SPA submit (JSON in, JSON out). */
  jsonPost(kind: Kind, flowId: string, body: unknown): Promise<Response> {
    return this.jar.fetch(`${this.base}/self-service/${kind}?flow=${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Registers through a browser form post; the browser then holds the session cookie. */
  async register(email: string): Promise<Response> {
    const { flow, csrf } = await this.browserFlow('registration');
    return this.formPost('registration', flow.id, { csrf_token: csrf, method: 'password', 'traits.email': email, password: PASSWORD });
  }

  whoami(): Promise<Response> {
    return this.get('/sessions/whoami');
  }
}

export function csrfOf(flow: any): string {
  return flow.ui.nodes.find((n: any) => n.attributes.name === 'csrf_token')?.attributes.value;
}

export const uniqueEmail = (tag: string): string => `${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
