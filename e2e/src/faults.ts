/**
 * A TCP proxy in front of a real service, to give tests the faults of a network and of a struggling
 * service without touching the service itself: answers delayed, the next connections cut before anything
 * reaches the service, and the service gone (connections refused) and back.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface FaultyProxy {
  /** The proxied service's URL (the target URL with the proxy's port). */
  url: string;
  /** Delays every chunk of the service's answers by this many ms (0: none). */
  delayMs: number;
  /** Connections accepted so far (each attempt of a client that opens a connection per attempt counts). */
  readonly connections: number;
  /** HTTP requests passed on to the service so far (chunks that open with a request line). */
  readonly forwarded: number;
  /** Resolves when the next request has been passed on to the service. */
  nextRequest(): Promise<void>;
  /** Cuts the next `count` connections as soon as they send anything: nothing reaches the service. */
  cutNext(count: number): void;
  /** Refuses connections (the listener closes) and cuts the open ones, as if the service were gone. */
  down(): Promise<void>;
  /** Accepts connections again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const listen = (server: Server, port: number) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

const closed = (server: Server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

export async function faultyProxy(targetUrl: string): Promise<FaultyProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let connections = 0;
  let forwarded = 0;
  let waiting: (() => void)[] = [];
  let toCut = 0;
  let server: Server;

  const accept = (client: Socket) => {
    connections += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (toCut > 0) {
      toCut -= 1;
      client.once('data', () => client.destroy());
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      if (/^(GET|POST) \//.test(chunk.toString('latin1', 0, 6))) {
        forwarded += 1;
        for (const done of waiting) done();
        waiting = [];
      }
      upstream.write(chunk);
    });
    // Equal delays fire in order, so a kept-alive connection's answers stay in sequence.
    upstream.on('data', (chunk) => (proxy.delayMs ? setTimeout(() => client.write(chunk), proxy.delayMs) : client.write(chunk)));
  };

  const open = async (port: number) => {
    server = createServer(accept);
    await listen(server, port);
    return (server.address() as { port: number }).port;
  };
  const port = await open(0);
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  const proxy: FaultyProxy = {
    url: Object.assign(new URL(targetUrl), { port: String(port), hostname: '127.0.0.1' }).toString(),
    delayMs: 0,
    get connections() {
      return connections;
    },
    get forwarded() {
      return forwarded;
    },
    nextRequest: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
      }),
    cutNext(count) {
      toCut = count;
    },
    async down() {
      const stopping = closed(server);
      cutAll();
      await stopping;
    },
    async up() {
      await open(port);
    },
    async close() {
      await proxy.down();
    },
  };
  return proxy;
}
