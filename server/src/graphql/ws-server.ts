import type { IncomingMessage, Server } from 'node:http';
import {
  GraphQLError,
  specifiedRules,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { RateLimitedError } from '../auth/access-control';
import { ANONYMOUS_OPERATOR, type Principal } from '../auth/principal';
import { PlantarCloseCode } from '../protocol/close-code';
import type { Context, Services } from './context';
import { PlantarErrorCode } from './error-code';
import { createJitSubscribe } from './jit-executor';
import { LIMITS } from './limits';
import { SharedSubscriptions } from './shared-subscriptions';
import { checkOperation, withRequestCode } from './ws-operation';
import { serializeOnce, serveGraphQLWs } from './ws-transport';

/** Per-connection state graphql-ws carries for us. */
interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  principal?: Principal;
  expiry?: NodeJS.Timeout;
}

type Options = ServerOptions<Record<string, unknown> | undefined, Extra>;

export interface WsServerOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  /** The HTTP endpoint's extra validation rules (graphql-armor's), applied here alike. */
  validationRules: readonly ValidationRule[];
  formatError: (error: GraphQLError) => GraphQLFormattedError;
}

const addressOf = (request: IncomingMessage) => request.socket.remoteAddress ?? 'unknown';

/**
 * graphql-ws on the HTTP server's /graphql path, applying the same parsing limits and validation
 * rules as the HTTP endpoint, so nothing that HTTP refuses gets in over WebSocket.
 */
export function startWsServer(o: WsServerOptions) {
  const wss = openWebSocketServer(o);
  const shared = sharedExecutions(o);
  const options: Options = {
    schema: o.schema,
    subscribe: shared.subscribe,
    onConnect: authenticateConnection(o.services),
    onClose: (ctx) => {
      clearTimeout(ctx.extra.expiry);
      if (ctx.acknowledged) o.services.metrics.connections.dec();
    },
    ...operationHandlers(o),
    onError: (_ctx, _id, _payload, errors) => errors.map(o.formatError),
    // Results streamed in `next` messages get the same treatment as over HTTP: codes, safe messages.
    onNext: (_ctx, _id, _payload, _args, result) => {
      if (result.errors === undefined || result.errors.length === 0) return undefined;
      return { ...result, errors: result.errors.map((e) => o.formatError(withRequestCode(e))) };
    },
  };
  const serverCleanup = serveGraphQLWs(options, wss, { logger: o.services.logger });
  wss.on('error', (error) => o.services.logger.error({ err: error }, 'WebSocket server error'));

  return {
    wss,
    shared,
    /** Closes every client with 1001 Going Away, then the server. */
    async close(): Promise<void> {
      for (const client of wss.clients) client.close(PlantarCloseCode.GoingAway, 'server shutting down');
      await serverCleanup.dispose();
    },
  };
}

/** The WebSocket server, refusing foreign origins before the upgrade and counting connections per address. */
function openWebSocketServer({ httpServer, services }: WsServerOptions): WebSocketServer {
  const { access, logger } = services;
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: LIMITS.maxPayloadBytes,
    // Before the upgrade: a page on another site must not ride a viewer's browser into the feed.
    verifyClient: ({ req }, done) => {
      const verdict = access.verifyUpgrade(req.headers.origin, req.headers.host, addressOf(req));
      if (verdict.ok) return done(true);
      logger.warn(
        { address: addressOf(req), origin: req.headers.origin, reason: verdict.reason },
        'WebSocket refused',
      );
      done(false, verdict.status, verdict.reason);
    },
  });
  wss.on('connection', (socket, request) => {
    const address = addressOf(request);
    access.connectionOpened(address);
    socket.once('close', () => access.connectionClosed(address));
  });
  return wss;
}

/** One execution per distinct subscription, its results serialised once for every subscriber. */
function sharedExecutions({ schema, services }: WsServerOptions): SharedSubscriptions {
  return new SharedSubscriptions({
    // Results do not depend on the caller beyond its role today; keying by role keeps it so.
    contextKey: (contextValue) => (contextValue as Context).principal.role,
    prepare: serializeOnce,
    execute: createJitSubscribe(schema),
    onSlowSubscriber: (contextValue) => {
      services.logger.warn('closing a subscriber that stopped reading');
      (contextValue as Context).connection?.close(PlantarCloseCode.SlowConsumer, 'subscriber too slow');
    },
  });
}

/**
 * `connection_init`: the token in its payload must be valid; the connection then lives no longer
 * than the token. A refusal closes with graphql-ws's 4403, repeated failures with TooManyRequests.
 */
function authenticateConnection({ access, logger, metrics }: Services): Options['onConnect'] {
  return async (ctx) => {
    const { socket, request } = ctx.extra;
    try {
      const principal = await access.authenticate(ctx.connectionParams?.['token'], addressOf(request));
      ctx.extra.principal = principal;
      if (principal.expiresAt !== undefined) {
        ctx.extra.expiry = setTimeout(
          () => socket.close(PlantarCloseCode.TokenExpired, 'token expired'),
          Math.max(0, Math.min(principal.expiresAt - Date.now(), 2 ** 31 - 1)),
        );
      }
    } catch (error) {
      logger.warn(
        { address: addressOf(request), reason: (error as Error).message },
        'WebSocket authentication failed',
      );
      if (error instanceof RateLimitedError) {
        socket.close(PlantarCloseCode.TooManyRequests, 'too many failed authentications');
      }
      return false; // graphql-ws closes with 4403 Forbidden (unless closed above)
    }
    metrics.connections.inc();
    return true;
  };
}

/** `subscribe` and `complete`: operations per connection bounded, each checked like an HTTP request. */
function operationHandlers(o: WsServerOptions): Pick<Options, 'onSubscribe' | 'onComplete'> {
  const rules = [...specifiedRules, ...o.validationRules];
  const active = new WeakMap<object, number>();
  const { metrics } = o.services;
  return {
    onSubscribe: (ctx, _id, payload) => {
      const open = active.get(ctx) ?? 0;
      if (open >= LIMITS.maxSubscriptionsPerConnection) {
        return [
          new GraphQLError(`at most ${LIMITS.maxSubscriptionsPerConnection} operations per connection`, {
            extensions: { code: PlantarErrorCode.BAD_REQUEST },
          }),
        ];
      }
      const document = checkOperation(o.schema, rules, payload);
      if (Array.isArray(document)) return document;
      active.set(ctx, open + 1);
      metrics.subscriptions.inc();
      return {
        schema: o.schema,
        document,
        variableValues: payload.variables ?? undefined,
        operationName: payload.operationName ?? undefined,
        contextValue: {
          services: o.services,
          principal: ctx.extra.principal ?? ANONYMOUS_OPERATOR,
          connection: { close: (code, reason) => ctx.extra.socket.close(code, reason) },
        } satisfies Context,
      };
    },
    onComplete: (ctx) => {
      active.set(ctx, Math.max(0, (active.get(ctx) ?? 1) - 1));
      metrics.subscriptions.dec();
    },
  };
}
