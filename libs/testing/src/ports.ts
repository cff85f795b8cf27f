import { once } from 'node:events';
import { createServer, Server } from 'node:net';

// Below Linux's ephemeral range (32768–60999): a port picked there can be taken by any outgoing
// connection (Kafka, Postgres, Redis clients) between the pick and the service's listen.
const LOW = 20_000;
const HIGH = 32_768;

async function tryListen(port: number): Promise<Server | undefined> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e))]);
    return server;
  } catch {
    return undefined;
  }
}

/** `count` distinct free loopback ports outside the ephemeral range, for services that are spawned later. */
export async function reservePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
      if (ports.includes(port)) continue;
      const server = await tryListen(port);
      if (!server) continue;
      held.push(server);
      ports.push(port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
  return ports;
}
