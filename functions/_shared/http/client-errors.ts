import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config.js';
import { Problem } from '../errors.js';

/** Node's own answers for a request it could not read, as the API answers everything: problem+json. */
const ANSWERS: Record<string, { status: 400 | 408 | 413 | 431; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, detail: 'The chunk extensions are too large' },
};

/**
 * Limits how long a client may take to send a request, and answers what Node refuses before the app
 * sees it (a malformed request line, headers too large, a request not sent in time) with problem+json.
 *
 * Node 20's `requestTimeout` counts from a request's first byte until it has been received, not
 * answered: an event stream (GET /api/stream) is a request received at once and stays open. Call it
 * in the same tick as `serve(...)`: Node reads the checking interval when the 'listening' event fires.
 */
export function guardClientErrors(
  server: Server,
  config: Pick<Config, 'HEADERS_TIMEOUT_MS' | 'REQUEST_RECEIVE_TIMEOUT_MS'>,
): void {
  server.headersTimeout = config.HEADERS_TIMEOUT_MS;
  server.requestTimeout = Math.max(config.REQUEST_RECEIVE_TIMEOUT_MS, config.HEADERS_TIMEOUT_MS);
  // Node checks for expired requests every 30 s by default: a 10 s limit took up to 40 s.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.min(1_000, Math.ceil(config.HEADERS_TIMEOUT_MS / 4));
  server.on('clientError', answerClientError);
}

function answerClientError(err: NodeJS.ErrnoException & { reason?: string }, socket: Duplex): void {
  // Nothing to answer on a connection that is gone, or in the middle of an answer already sent (the
  // bytes would corrupt it): as Node does itself.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const known = ANSWERS[err.code ?? ''];
  const status = known?.status ?? 400;
  const detail =
    known?.detail ?? `The request is not valid HTTP/1.1${err.reason ? `: ${err.reason}` : ''}`;
  const body = JSON.stringify(
    new Problem(status, { title: STATUS_CODES[status]!, detail }).toJSON(),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that does not close its side does not keep the socket.
  setTimeout(() => socket.destroy(), 1_000).unref();
}
