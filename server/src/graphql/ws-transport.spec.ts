import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GraphQLInt,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLError,
} from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import WebSocket, { WebSocketServer } from 'ws';
import { pino } from 'pino';
import { SharedSubscriptions } from './shared-subscriptions';
import { serializeOnce, serveGraphQLWs, textFrame } from './ws-transport';

describe('textFrame', () => {
  function decode(frame: Buffer): { fin: boolean; opcode: number; body: string } {
    let length = frame[1]! & 0x7f;
    let at = 2;
    if (length === 126) {
      length = frame.readUInt16BE(2);
      at = 4;
    } else if (length === 127) {
      length = Number(frame.readBigUInt64BE(2));
      at = 10;
    }
    expect(frame.length).toBe(at + length);
    return { fin: (frame[0]! & 0x80) !== 0, opcode: frame[0]! & 0x0f, body: frame.toString('utf8', at) };
  }

  it.each([
    ['a short body (7-bit length)', 10],
    ['a body of 126..65535 bytes (16-bit length)', 300],
    ['a body of 64 KiB or more (64-bit length)', 70_000],
  ])('frames %s as one unmasked final text frame', (_, size) => {
    const payload = Buffer.from('x'.repeat(size));
    const frame = textFrame('{"id":"é1","p":', payload, '}');
    expect(decode(frame)).toEqual({ fin: true, opcode: 1, body: `{"id":"é1","p":${'x'.repeat(size)}}` });
  });

  it('uses the 16-bit length exactly from 126 bytes', () => {
    expect(textFrame('', Buffer.alloc(125, 0x61), '')[1]).toBe(125);
    expect(textFrame('', Buffer.alloc(126, 0x61), '')[1]).toBe(126);
  });
});

describe('serveGraphQLWs', () => {
  const pubsub = new PubSub();
  let serialisations = 0;
  /** A scalar whose value counts how often it is turned into JSON. */
  const Counted = new GraphQLScalarType({
    name: 'Counted',
    serialize: (value) => ({
      toJSON: () => {
        serialisations++;
        return value;
      },
    }),
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { x: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: new GraphQLObjectType({
            name: 'Tick',
            fields: {
              n: { type: GraphQLInt, resolve: (n: number) => n },
              counted: { type: Counted, resolve: (n: number) => n },
              text: { type: GraphQLString, resolve: (n: number) => `tick ${n} — ünïcode` },
              failing: {
                type: GraphQLInt,
                resolve: (n: number) => {
                  if (n < 0) throw new GraphQLError('negative', { extensions: { code: 'NEGATIVE' } });
                  return n;
                },
              },
            },
          }),
          subscribe: () => pubsub.asyncIterableIterator<number>('ticks'),
          resolve: (n: number) => n,
        },
      },
    }),
  });
  const shared = new SharedSubscriptions({ prepare: serializeOnce });
  let http: Server;
  let wss: WebSocketServer;
  let dispose: () => Promise<void>;
  let url: string;
  let operations = 0;
  const operationWaiters: (() => void)[] = [];
  async function operationsStarted(n: number): Promise<void> {
    while (operations < n) await new Promise<void>((resolve) => operationWaiters.push(resolve));
  }

  beforeAll(async () => {
    http = createServer();
    wss = new WebSocketServer({ server: http });
    ({ dispose } = serveGraphQLWs(
      {
        schema,
        subscribe: shared.subscribe,
        // Called once a subscriber has joined the shared execution: events published after it reach it.
        // A hook that changes results: what it returns is what must be sent.
        onNext: (_ctx, _id, payload, _args, result) =>
          payload.query.startsWith('subscription Tagged')
            ? { ...result, extensions: { tagged: true } }
            : undefined,
        onOperation: () => {
          operations++;
          for (const w of operationWaiters.splice(0)) w();
        },
      },
      wss,
      { logger: pino({ level: 'silent' }) },
    ));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await dispose();
    await new Promise((resolve) => http.close(resolve));
  });

  /** A client speaking graphql-transport-ws by hand, keeping every frame as received. */
  async function client(id: string, query: string) {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    const frames: string[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      frames.push(String(data));
      for (const w of waiters.splice(0)) w();
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init' }));
    const until = async (n: number) => {
      while (frames.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    await until(1);
    ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
    return { ws, frames, until };
  }

  it('sends each event to every subscriber, serialised once for all of them', async () => {
    const query = 'subscription { tick { n counted text } }';
    const clients = await Promise.all([client('1', query), client('ü-2', query), client('"3"', query)]);
    await operationsStarted(3);
    serialisations = 0;
    for (let n = 1; n <= 3; n++) await pubsub.publish('ticks', n);
    await Promise.all(clients.map((c) => c.until(4)));

    expect(serialisations).toBe(3); // one per event, not one per event and subscriber
    for (const [i, c] of clients.entries()) {
      const id = ['1', 'ü-2', '"3"'][i];
      expect(c.frames.slice(1).map((f) => JSON.parse(f))).toEqual(
        [1, 2, 3].map((n) => ({
          id,
          type: 'next',
          payload: { data: { tick: { n, counted: n, text: `tick ${n} — ünïcode` } } },
        })),
      );
    }
    for (const c of clients) c.ws.close();
  });

  it('sends results with errors through the server hooks, unshared', async () => {
    const c = await client('e', 'subscription { tick { failing } }');
    await operationsStarted(4);
    await pubsub.publish('ticks', -1);
    await c.until(2);
    expect(JSON.parse(c.frames[1]!)).toEqual({
      id: 'e',
      type: 'next',
      payload: {
        data: { tick: { failing: null } },
        errors: [expect.objectContaining({ message: 'negative', extensions: { code: 'NEGATIVE' } })],
      },
    });
    c.ws.close();
  });

  it('sends what an onNext hook returns, not the shared JSON of the unchanged result', async () => {
    const c = await client('t', 'subscription Tagged { tick { n } }');
    await operationsStarted(5);
    await pubsub.publish('ticks', 7);
    await c.until(2);
    expect(JSON.parse(c.frames[1]!)).toEqual({
      id: 't',
      type: 'next',
      payload: { data: { tick: { n: 7 } }, extensions: { tagged: true } },
    });
    c.ws.close();
  });
});
