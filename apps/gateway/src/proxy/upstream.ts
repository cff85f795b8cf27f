import type { FastifyReply, FastifyRequest } from 'fastify';
import { Pool } from 'undici';
import { KratosError } from '@gatehouse/contracts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

/** A service behind the gateway, reached over keep-alive HTTP. */
export class Upstream {
  private readonly pool: Pool;

  constructor(
    readonly name: string,
    readonly url: string,
    options: { timeoutMs: number; connections: number },
  ) {
    this.pool = new Pool(url, { connections: options.connections, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 30_000 });
  }

  /** Forwards the request as it came (path rewritten if asked), with X-Forwarded-* headers; streams the answer back. */
  async forward(req: FastifyRequest, reply: FastifyReply, path = req.url): Promise<void> {
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
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
    await reply.code(res.statusCode).headers(out).send(res.body);
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
