import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@gatehouse/config';
import { RunningGateway, startGateway } from '../app';
import { gatewayConfigSchema } from '../config.schema';

/** What reached a stub service behind the gateway. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface StubUpstream {
  server: Server;
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** A service behind the gateway (for its int tests) that records what reached it and answers with `respond`. */
export async function stubUpstream(respond: (seen: Seen, res: ServerResponse) => void): Promise<StubUpstream> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
      seen.push(s);
      respond(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export const answerJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
  void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/** The real gateway on free ports in front of stub flows and identity services (no notifier). */
export function gatewayBefore(flows: StubUpstream, identity: StubUpstream): Promise<RunningGateway> {
  return startGateway(
    loadConfig(gatewayConfigSchema, {
      argv: [],
      env: { SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0', FLOWS_URL: flows.url, IDENTITY_URL: identity.url, NOTIFIER_URL: 'http://127.0.0.1:9' },
    }),
  );
}
