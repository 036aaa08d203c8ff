import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy to a PostgreSQL server that a test can take down, bring back and cut, as a network or a restart would. */
export interface TcpProxy {
  /** The target URL with the proxy's host and port. */
  url: string;
  /** Stops listening (new connections are refused) and cuts every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Cuts every open connection, and keeps listening. */
  cut(): void;
  /** Resets every open connection (a TCP RST, as a crashed host or a firewall sends): the client reads ECONNRESET. */
  reset(): void;
  /** Connections open through it now. */
  open(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const clients = new WeakSet<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        clients.add(client);
        for (const [a, b] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          sockets.add(a);
          a.on('error', () => b.destroy());
          a.on('close', () => {
            sockets.delete(a);
            b.destroy();
          });
          a.pipe(b);
        }
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  // The client's side first: the upstream's close would otherwise end the client's gently.
  const reset = () => {
    for (const socket of sockets) if (clients.has(socket)) socket.resetAndDestroy();
    cut();
  };
  await listen();
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const down = async () => {
    const s = server;
    server = undefined;
    cut();
    if (s) await new Promise((resolve) => s.close(resolve));
  };
  return {
    url: url.toString(),
    down,
    up: listen,
    cut,
    reset,
    open: () => sockets.size / 2,
    close: down,
  };
}
