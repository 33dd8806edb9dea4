import { PlantarCloseCode } from '../protocol/close-code';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../observability/logger';

/**
 * Serving graphql-ws over `ws`, as `graphql-ws/use/ws` does, with one change that matters when a
 * patient has hundreds of subscribers: a subscription event is serialised once for all of them.
 *
 * graphql-ws builds every `next` message per subscriber: `JSON.stringify` of the whole result,
 * then `ws` frames it as two buffers (header, body) written with `writev`. Profiles at 1,000
 * subscribers showed the server CPU-bound on exactly that. Here the result's JSON is made once
 * ({@link serializeOnce}, called by the shared subscription execution), graphql-ws stringifies only
 * the small envelope (`{"id":…,"type":"next","payload":…}`, the payload replaced by a marker) and
 * each subscriber gets one buffer — frame header, envelope, shared payload — written straight to
 * its socket; a turn's frames to one client leave in one write. BENCHMARKS.md (fan-out) has the
 * figures: 0.50 → 1.28 of a raw `ws` server at 1,000 subscribers.
 */

const SERIALIZED = Symbol('plantar.serializedResult');

/** A result's JSON, with what it was made from. */
interface Serialized {
  readonly json: Buffer;
  readonly data: unknown;
  readonly extensions: unknown;
}

interface SerializedResult extends ExecutionResult {
  readonly [SERIALIZED]: Serialized;
}

function isSerialized(value: unknown): value is SerializedResult {
  return typeof value === 'object' && value !== null && SERIALIZED in value;
}

/**
 * The same result, carrying its JSON. Results with errors are left alone: the server formats their
 * errors per operation (`onNext`) before they are sent.
 */
export function serializeOnce(result: ExecutionResult): ExecutionResult {
  if (result.errors !== undefined && result.errors.length > 0) return result;
  const serialized: Serialized = {
    json: Buffer.from(JSON.stringify(result)),
    data: result.data,
    extensions: result.extensions,
  };
  return Object.assign({ ...result }, { [SERIALIZED]: serialized });
}

/** What graphql-ws's stringify writes in place of a pre-serialised payload (never sent). */
const MARKER = '\u0000plantar:payload\u0000';
const MARKER_TAIL = `${JSON.stringify(MARKER)}}`;
/**
 * The payload whose marker was just stringified. graphql-ws calls `send(stringifyMessage(…))`, so
 * the stringify and the send that consumes this are one synchronous step: one slot is enough.
 */
let pendingPayload: Buffer | undefined;

const replacer = function (this: unknown, key: string, value: unknown): unknown {
  if (key === 'payload' && isSerialized(value)) {
    const serialized = value[SERIALIZED];
    // graphql-ws sends a copy of the result (the symbol comes along); a hook that changed what it
    // holds gets its own version sent, not the stale shared JSON.
    if (
      value.data === serialized.data &&
      value.extensions === serialized.extensions &&
      value.errors === undefined
    ) {
      pendingPayload = serialized.json;
      return MARKER;
    }
  }
  return value;
};

/**
 * One unmasked text frame: header, `head` (UTF-8), `payload`, `tail` — one allocation, one write.
 * @internal exported for tests
 */
export function textFrame(head: string, payload: Buffer, tail: string): Buffer {
  const headBytes = Buffer.byteLength(head);
  const tailBytes = Buffer.byteLength(tail);
  const length = headBytes + payload.length + tailBytes;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x81; // FIN, text
  if (headerBytes === 2) frame[1] = length;
  else if (headerBytes === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  let at = headerBytes + frame.write(head, headerBytes, 'utf8');
  at += payload.copy(frame, at);
  frame.write(tail, at, 'utf8');
  return frame;
}

/** `ws` keeps its TCP socket here; it is written to directly only when `ws` itself queues nothing. */
interface WithTcp {
  readonly _socket?: Duplex;
}

/** Sockets corked during this turn of the event loop, uncorked together when its sends are done. */
const corked = new Set<Duplex>();
function uncorkAll(): void {
  for (const tcp of corked) tcp.uncork();
  corked.clear();
}

/**
 * Writes `data` on the socket. Returns at once when the client is keeping up (the common case:
 * no promise, no waiting for the write callback, so one turn can send a subscriber several events);
 * otherwise resolves when this write is flushed, so a subscriber that stops reading stalls its own
 * stream — and its bounded queue then closes it — and nobody else's.
 */
function send(socket: WebSocket, tcp: Duplex | undefined, data: string): Promise<void> | void {
  const payload = pendingPayload;
  pendingPayload = undefined;
  if (socket.readyState !== socket.OPEN) return undefined;
  if (payload !== undefined && tcp !== undefined && data.endsWith(MARKER_TAIL)) {
    const frame = textFrame(data.slice(0, -MARKER_TAIL.length), payload, '}');
    if (corked.has(tcp)) {
      tcp.write(frame);
      return undefined;
    }
    if (tcp.writableLength === 0) {
      // A client receiving many patients gets several events per turn: gathered into one write
      // (one syscall) when the turn's microtasks are done, instead of one write each.
      tcp.cork();
      corked.add(tcp);
      if (corked.size === 1) process.nextTick(uncorkAll);
      tcp.write(frame);
      return undefined;
    }
    return written((done) => tcp.write(frame, done));
  }
  const flushed = written((done) => socket.send(data, done));
  return socket.bufferedAmount === 0 ? undefined : flushed;
}

/** A promise for the write `start` begins (it calls back when flushed), never an unhandled rejection. */
function written(start: (done: (error?: Error | null) => void) => void): Promise<void> {
  const promise = new Promise<void>((resolve, reject) =>
    start((error) => (error ? reject(error) : resolve())),
  );
  promise.catch(() => undefined); // ws reports socket errors itself and closes; awaiting callers still see it
  return promise;
}

export interface GraphQLWsTransportOptions {
  /** Ping interval; a client that does not answer within the same time is terminated. @default 12000 */
  keepAliveMs?: number;
  logger: Logger;
}

/**
 * Runs graphql-ws's protocol server on every connection of `wss`. Returns `dispose`, which closes
 * every client with 1001 and then the server.
 */
export function serveGraphQLWs<
  P extends Record<string, unknown> | undefined,
  E extends { socket: WebSocket; request: IncomingMessage },
>(
  options: ServerOptions<P, E>,
  wss: WebSocketServer,
  { keepAliveMs = 12_000, logger }: GraphQLWsTransportOptions,
): { dispose: () => Promise<void> } {
  if (options.jsonMessageReplacer !== undefined) throw new Error('serveGraphQLWs owns jsonMessageReplacer');
  const server = makeServer({ ...options, jsonMessageReplacer: replacer });
  wss.options.handleProtocols = handleProtocols;

  wss.on('connection', (socket, request) => {
    socket.once('error', (error) => {
      logger.warn({ err: error }, 'WebSocket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    const stopKeepAlive = keepAlive(socket, keepAliveMs);
    // The TCP socket, when frames may be written to it directly: that keeps them in order only
    // because `ws` queues nothing of its own — no permessage-deflate (fixed at the handshake; the
    // server does not offer it) and no Blob sends (we have none). Decided once per connection.
    const direct = socket.extensions === '' ? (socket as unknown as WithTcp)._socket : undefined;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => send(socket, direct, data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
            handle(messageText(data)).catch((error: unknown) => {
              logger.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request } as E,
    );
    socket.once('close', (code, reason) => {
      stopKeepAlive();
      void closed(code, reason.toString());
    });
  });

  return {
    dispose: async () => {
      for (const client of wss.clients) client.close(PlantarCloseCode.GoingAway, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * Pings every `intervalMs` and terminates a socket whose pong does not come back within the same
 * time (a peer gone without closing). Returns the function that stops it.
 */
function keepAlive(socket: WebSocket, intervalMs: number): () => void {
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) return () => undefined;
  let pongWait: NodeJS.Timeout | undefined;
  const pinger = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    pongWait = setTimeout(() => socket.terminate(), intervalMs);
    socket.once('pong', () => {
      clearTimeout(pongWait);
      pongWait = undefined;
    });
    socket.ping();
  }, intervalMs);
  return () => {
    clearTimeout(pongWait);
    clearInterval(pinger);
  };
}

/** A message as text, whichever of its binary forms `ws` handed over. */
function messageText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  return Buffer.isBuffer(data) ? data.toString() : Buffer.from(new Uint8Array(data)).toString();
}
