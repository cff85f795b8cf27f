import type { FastifyRequest } from 'fastify';
import { requestUrl } from './request-url';
import { parseCookies } from './cookies';

/** What the flows need to know about the caller of one request; built once per request (see clientOf). */
export interface Client {
  /** Answers go out as JSON (SPA/AJAX, native apps) rather than as browser redirects. */
  json: boolean;
  requestUrl: string;
  cookies: Record<string, string>;
  /** The request carried a Cookie header at all (Kratos's CSRF reject reasons tell these apart). */
  hasCookieHeader: boolean;
  /** An Origin header was sent (Kratos treats its absence as an AJAX call when explaining CSRF failures). */
  hasOrigin: boolean;
  /** The X-CSRF-Token header. */
  csrfHeader?: string;
  /** Set once the request turned out to concern an API flow: its errors are always JSON envelopes. */
  api: boolean;
}

const clients = new WeakMap<object, Client>();

/** The caller of a request (memoized, so that the browser error filter sees what the handler learnt). */
export function clientOf(req: FastifyRequest): Client {
  let client = clients.get(req.raw);
  if (!client) {
    const csrfHeader = req.headers['x-csrf-token'];
    client = {
      json: isJsonRequest(req.headers.accept, req.headers['content-type']),
      requestUrl: requestUrl(req),
      cookies: parseCookies(req.headers.cookie),
      hasCookieHeader: typeof req.headers.cookie === 'string' && req.headers.cookie !== '',
      hasOrigin: typeof req.headers.origin === 'string' && req.headers.origin !== '',
      ...(typeof csrfHeader === 'string' && csrfHeader !== '' ? { csrfHeader } : {}),
      api: false,
    };
    clients.set(req.raw, client);
  }
  return client;
}

const OFFERS = ['text/html', 'text/*', '*/*', 'application/json'] as const;

/** Kratos's x.IsJSONRequest: `Content-Type: application/json`, or an Accept header that negotiates to
 * application/json against [text/html, text/*, *\/*, application/json] (default text/html; earlier offers win ties). */
export function isJsonRequest(accept: string | undefined, contentType: string | undefined): boolean {
  if (contentType?.split(';')[0].trim().toLowerCase() === 'application/json') return true;
  if (!accept) return false;
  const specs = accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return { type, q: q ? Number(q.slice(2)) : 1 };
  });
  let best: { offer: string; q: number; specificity: number } | undefined;
  for (const offer of OFFERS) {
    for (const spec of specs) {
      const specificity = matches(spec.type, offer);
      if (specificity < 0 || !(spec.q > 0)) continue;
      if (!best || spec.q > best.q || (spec.q === best.q && specificity > best.specificity)) best = { offer, q: spec.q, specificity };
    }
  }
  return best?.offer === 'application/json';
}

/** -1: no match; else how specific the Accept entry is (2 exact, 1 type/*, 0 *\/*). */
function matches(spec: string, offer: string): number {
  const [st, ss] = spec.split('/');
  if (st === '*' && ss === '*') return 0;
  if (ss === '*') return offer.startsWith(`${st}/`) ? 1 : -1;
  return spec === offer ? 2 : -1;
}
