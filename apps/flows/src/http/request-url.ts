import type { FastifyRequest } from 'fastify';

/** The URL the client called, rebuilt from X-Forwarded-Host/-Proto when the gateway sets them (Kratos's RequestURL). */
export function requestUrl(req: FastifyRequest): string {
  const proto = first(req.headers['x-forwarded-proto']) ?? 'http';
  const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? '127.0.0.1';
  return `${proto}://${host}${req.url}`;
}

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0]?.trim() || undefined;
}
