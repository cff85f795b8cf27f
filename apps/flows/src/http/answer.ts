import type { FastifyReply } from 'fastify';
import { KratosError } from '@gatehouse/contracts';
import { Client } from './client';
import { AWAIT_HEADER } from './read-your-writes';

/** What a handler answers, before it is written to the wire. */
export interface Reply {
  status: number;
  body?: unknown;
  /** For 303 redirects. */
  location?: string;
  /** Set-Cookie header values. */
  cookies?: string[];
  /** Read-your-writes tokens (http/read-your-writes `awaiting`): the gateway answers once the identity read model
   * has them, and strips the header. */
  awaits?: string;
}

/** Kratos's Cache-Control on every GET answer. */
export const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

/** Kratos's "Unable to locate the resource" (sqlcon.ErrNoRows): an unknown identity, session… */
export const resourceNotFound = (): KratosError => new KratosError(404, { message: 'Unable to locate the resource' });

/** The one place that decides between a browser answer (303 redirect) and a JSON answer (SPA, native app). Pure. */
export const answer = {
  /** A new or re-rendered flow: browser → 303 to the UI with ?flow=; JSON → the flow itself. */
  flow(client: Client, status: 200 | 400, view: { id: string }, uiUrl: string, cookies: string[] = []): Reply {
    if (client.json) return { status, body: view, cookies };
    return { status: 303, location: withQuery(uiUrl, 'flow', view.id), cookies };
  },

  /** A completed flow: browser → 303 to where the user returns; JSON → the body (sessions, identity). */
  success(client: Client, body: unknown, returnTo: string, cookies: string[] = []): Reply {
    if (client.json) return { status: 200, body, cookies };
    return { status: 303, location: returnTo, cookies };
  },

  /** An expired flow: browser → 303 to the fresh flow's UI; JSON → the 410 envelope naming it (use_flow_id). */
  expired(client: Client, gone: { status: number; body: unknown }, freshFlowId: string, uiUrl: string, cookies: string[] = []): Reply {
    if (client.json) return { ...gone, cookies };
    return { status: 303, location: withQuery(uiUrl, 'flow', freshFlowId), cookies };
  },

  /** Nothing to do (e.g. a session exists already): browser → 303 there; JSON → the error. */
  redirectOrFail(client: Client, location: string, error: KratosError): Reply {
    if (client.json) return { status: error.code, body: error.toEnvelope() };
    return { status: 303, location };
  },
};

export function withQuery(url: string, key: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
}

/** Writes a Reply (with Kratos's no-cache header on every answer). */
export async function send(reply: FastifyReply, r: Reply): Promise<void> {
  reply.code(r.status).header('cache-control', NO_CACHE);
  if (r.cookies && r.cookies.length > 0) reply.header('set-cookie', r.cookies);
  if (r.location) reply.header('location', r.location);
  if (r.awaits) reply.header(AWAIT_HEADER, r.awaits);
  await reply.send(r.body);
}
