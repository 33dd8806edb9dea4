import WebSocket from 'ws';

/** A message of the graphql-transport-ws protocol, as the server sends it. */
export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A WebSocket client that speaks graphql-transport-ws by hand, for what the graphql-ws client
 * will not do: stop reading its socket, send hostile messages, look at every frame and close code.
 */
export class RawGraphQLSocket {
  /** Every message received, unless connected with `keepMessages: false`. */
  readonly messages: ProtocolMessage[] = [];
  /** How many messages arrived. */
  received = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<(m: ProtocolMessage) => void>();
  private constructor(
    readonly ws: WebSocket,
    keepMessages: boolean,
  ) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => {
      let message: ProtocolMessage;
      try {
        message = JSON.parse(String(data)) as ProtocolMessage;
      } catch {
        message = { type: 'unparseable', payload: String(data) };
      }
      this.received++;
      if (keepMessages) this.messages.push(message);
      for (const listener of this.listeners) listener(message);
    });
    // Errors surface as a close; keep them from becoming uncaught exceptions.
    ws.on('error', () => undefined);
  }

  /** Opens the socket and completes connection_init / connection_ack. */
  static async connect(
    baseUrl: string,
    options: { payload?: Record<string, unknown>; ack?: boolean; keepMessages?: boolean } = {},
  ): Promise<RawGraphQLSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const socket = new RawGraphQLSocket(ws, options.keepMessages ?? true);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    if (options.ack === false) return socket;
    const ack = socket.next((m) => m.type === 'connection_ack', 20_000);
    socket.send({ type: 'connection_init', payload: options.payload ?? {} });
    await ack;
    return socket;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: unknown, operationName?: string): void {
    this.send({ id, type: 'subscribe', payload: { query, variables, operationName } });
  }

  /** The next message (from now on) for which `match` holds; rejects on timeout or close. */
  next(match: (m: ProtocolMessage) => boolean, timeoutMs = 10_000): Promise<ProtocolMessage> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (m: ProtocolMessage) => {
        if (!match(m)) return;
        done();
        resolve(m);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching message in ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
      void this.closed.then(({ code, reason }) => {
        if (!this.listeners.has(listener)) return;
        done();
        reject(Object.assign(new Error(`socket closed ${code} ${reason}`), { code, reason }));
      });
    });
  }

  /** Calls `listener` with every message from now on; returns a function that stops it. */
  onMessage(listener: (m: ProtocolMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The TCP socket under the WebSocket (ws keeps it in a private field). */
  get tcp(): { pause(): void; resume(): void } {
    return (this.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await this.closed;
  }
}
