import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Pool } from 'undici';
import { KratosError } from '@gatehouse/contracts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);
/** Headers between our services only: never passed on to a client. */
const INTERNAL = /^x-gatehouse-await$/;

export interface ForwardOptions {
  /** The path upstream (default: the request's). */
  path?: string;
  /** Runs after the upstream answered and before the client gets the answer (e.g. read-your-writes). */
  beforeReply?: (status: number, headers: IncomingHttpHeaders) => Promise<void>;
}

/** A service behind the gateway, reached over keep-alive HTTP. */
export class Upstream {
  private readonly pool: Pool;

  constructor(
    readonly name: string,
    readonly url: string,
    options: { timeoutMs: number; connections: number },
  ) {
    // maxHeaderSize: as the listeners (libs/platform): a Link header of a 500-ids query is longer than 16 KiB
    this.pool = new Pool(url, { connections: options.connections, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 30_000, maxHeaderSize: 64 * 1024 });
  }

  /** Forwards the request as it came (path rewritten if asked), with X-Forwarded-* headers; streams the answer back. */
  async forward(req: FastifyRequest, reply: FastifyReply, options: ForwardOptions = {}): Promise<void> {
    const path = options.path ?? req.url;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    headers['x-forwarded-host'] ??= req.headers.host ?? '';
    headers['x-forwarded-proto'] ??= req.protocol;
    headers['x-forwarded-for'] = [req.headers['x-forwarded-for'], req.ip].filter(Boolean).join(', ');
    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    let res;
    try {
      res = await this.pool.request({ method: req.method as 'GET', path, headers, body });
    } catch {
      throw new KratosError(502, { reason: `The ${this.name} service did not answer.` });
    }
    await options.beforeReply?.(res.statusCode, res.headers);
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && !INTERNAL.test(k)) out[k] = v;
    await reply.code(res.statusCode).headers(out).send(res.body);
  }

  /** A JSON call of the gateway's own (not a forwarded request). */
  async call<T>(method: 'GET' | 'POST', path: string, json?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.pool.request({
      method,
      path,
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.statusCode, body: (await res.body.json()) as T };
  }

  /** True when the service answers its liveness probe. */
  async alive(): Promise<void> {
    const res = await this.pool.request({ method: 'GET', path: '/health/alive' });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`${this.name} answered ${res.statusCode}`);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
