import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How long a connection that has not sent its first request when draining begins may still send
 * one (Go's net/http waits 5 s for such a connection before it counts as idle). 1 s: a client's
 * request follows its connect within milliseconds, and a SIGTERM is to finish within 2 s; an idle
 * connection a client opened and never used (seen from fetch under load) held every exit for 2 s.
 */
const FRESH_CONNECTION_GRACE_MS = 1_000;
/** Draining keeps accepting until no connection has come for this long... */
const QUIET_MS = 50;
/** ...or for this long at most. */
const LAME_DUCK_MAX_MS = 1_000;

interface Connection {
  inFlight: Set<ServerResponse>;
  served: number;
}

/**
 * A graceful close for a Node HTTP server: call it once, after `serve`. The returned function stops
 * accepting connections and resolves when every connection has ended:
 * - a request in flight is answered in full, with `Connection: close`, and its connection then ends;
 * - a keep-alive connection between requests is closed at once;
 * - a connection accepted but without its first request yet gets a moment to send it.
 *
 * Node's own `server.close()` (v19+) destroys every connection without a request in progress,
 * including one accepted a moment ago whose request has not been read yet: a client that connected
 * just before the shutdown got a reset instead of its answer (test/shutdown.test.ts saw it).
 */
export function drainable(
  server: Server,
  /** Called as draining begins: ends what never ends by itself (event streams), which the drain waits for. */
  onDrain: () => void = () => {},
): () => Promise<void> {
  const connections = new Map<Socket, Connection>();
  let draining = false;
  let lastConnectionAt = 0;

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { inFlight: new Set(), served: 0 });
    lastConnectionAt = performance.now();
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    connection.inFlight.add(res);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      connection.inFlight.delete(res);
      connection.served++;
      // Its headers had gone out with keep-alive before draining began: end the connection now.
      if (draining && connection.inFlight.size === 0) req.socket.end();
    });
  });

  return async () => {
    draining = true;
    onDrain();
    // Connections the kernel has completed but Node has not accepted yet would be reset when the
    // listener closes, and under load Node takes them from the queue one turn of its loop at a time
    // (measured: one per ~10 ms). So the listener stays open while they keep coming: it closes once
    // none has arrived for QUIET_MS, or after LAME_DUCK_MAX_MS. Whatever arrives meanwhile is
    // answered with `Connection: close`.
    const started = performance.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const now = performance.now();
      if (
        now - Math.max(started, lastConnectionAt) >= QUIET_MS ||
        now - started >= LAME_DUCK_MAX_MS
      )
        break;
    }
    return new Promise<void>((resolve) => {
      // The listener only: net.Server's close, without http.Server's closing of "idle" connections.
      // Its callback runs once every connection has ended.
      NetServer.prototype.close.call(server, () => resolve());
      for (const [socket, connection] of connections) {
        if (connection.inFlight.size > 0) {
          for (const res of connection.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        } else if (connection.served > 0) {
          socket.destroy();
        } else {
          setTimeout(() => {
            if (connections.get(socket)?.inFlight.size === 0) socket.destroy();
          }, FRESH_CONNECTION_GRACE_MS).unref();
        }
      }
    });
  };
}
