import { createHash, randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export const sha1 = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
export const rangePath = (password: string) => `/range/${sha1(password).slice(0, 5)}`;

export interface SeenRequest {
  method: string;
  path: string;
  raw: string; // request line, headers and body, to prove what left the process
}

/** A local haveibeenpwned range API: real HTTP on 127.0.0.1, a random port, every request recorded. */
export class PwnedRangeServer {
  readonly requests: SeenRequest[] = [];
  /** Prefixes answered with this status instead of 200. */
  readonly failWith = new Map<string, number>();
  /** Prefixes that never get an answer (timeouts). */
  readonly hang = new Set<string>();
  private readonly corpus = new Map<string, number>();
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  breached(password: string, count: number): this {
    this.corpus.set(sha1(password), count);
    return this;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  pathsFor(password: string): string[] {
    return this.requests.map((r) => r.path).filter((p) => p === rangePath(password));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`);
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', raw: [`${req.method} ${req.url}`, ...headers, body].join('\n') });
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '')?.[1];
    if (!prefix) return void res.writeHead(400).end();
    if (this.hang.has(prefix)) return; // never answers
    const status = this.failWith.get(prefix);
    if (status) return void res.writeHead(status).end('unavailable');
    const lines = [...this.corpus].filter(([hash]) => hash.startsWith(prefix)).map(([hash, count]) => `${hash.slice(5)}:${count}`);
    // padding: unrelated suffixes, as the real API returns hundreds of them
    for (let i = 0; i < 20; i++) lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:${i}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.sort().join('\r\n'));
  }
}

