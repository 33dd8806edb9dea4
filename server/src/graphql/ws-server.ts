import { PlantarErrorCode } from './error-code';
import { PlantarCloseCode } from '../protocol/close-code';
import type { Server } from 'node:http';
import {
  type GraphQLFormattedError,
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Context, Services } from './context';
import { LIMITS } from './limits';
import { SharedSubscriptions } from './shared-subscriptions';
import { serializeOnce, serveGraphQLWs } from './ws-transport';
import { createJitSubscribe } from './jit-executor';
import type { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { RateLimitedError } from '../auth/access-control';
import { ANONYMOUS_OPERATOR, type Principal } from '../auth/principal';

/** Per-connection state graphql-ws carries for us. */
interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  principal?: Principal;
  expiry?: NodeJS.Timeout;
}

export interface WsServerOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  validationRules: readonly ValidationRule[];
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  logger: Logger;
  metrics: Metrics;
}

/**
 * graphql-ws on the HTTP server's /graphql path, applying the same parsing limits and validation
 * rules as the HTTP endpoint, so nothing that HTTP refuses gets in over WebSocket.
 */
export function startWsServer(o: WsServerOptions) {
  const access = o.services.access;
  const addressOf = (request: IncomingMessage) => request.socket.remoteAddress ?? 'unknown';
  const wss = new WebSocketServer({
    server: o.httpServer,
    path: '/graphql',
    maxPayload: LIMITS.maxPayloadBytes,
    // Before the upgrade: a page on another site must not ride a viewer's browser into the feed.
    verifyClient: ({ req }, done) => {
      const verdict = access.verifyUpgrade(req.headers.origin, req.headers.host, addressOf(req));
      if (verdict.ok) return done(true);
      o.logger.warn(
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
  const rules = [...specifiedRules, ...o.validationRules];
  const active = new WeakMap<object, number>();

  const shared = new SharedSubscriptions({
    // Results do not depend on the caller beyond its role today; keying by role keeps it so.
    contextKey: (contextValue) => (contextValue as Context).principal.role,
    prepare: serializeOnce,
    execute: createJitSubscribe(o.schema),
    onSlowSubscriber: (contextValue) => {
      o.logger.warn('closing a subscriber that stopped reading');
      (contextValue as Context).connection?.close(PlantarCloseCode.SlowConsumer, 'subscriber too slow');
    },
  });

  const options: ServerOptions<Record<string, unknown> | undefined, Extra> = {
    schema: o.schema,
    subscribe: shared.subscribe,
    onConnect: async (ctx) => {
      const { socket, request } = ctx.extra;
      try {
        const principal = await access.authenticate(ctx.connectionParams?.['token'], addressOf(request));
        ctx.extra.principal = principal;
        if (principal.expiresAt !== undefined) {
          // A token's life bounds the connection's: no subscription outlives its authorisation.
          ctx.extra.expiry = setTimeout(
            () => socket.close(PlantarCloseCode.TokenExpired, 'token expired'),
            Math.max(0, Math.min(principal.expiresAt - Date.now(), 2 ** 31 - 1)),
          );
        }
      } catch (error) {
        o.logger.warn(
          { address: addressOf(request), reason: (error as Error).message },
          'WebSocket authentication failed',
        );
        if (error instanceof RateLimitedError) {
          socket.close(PlantarCloseCode.TooManyRequests, 'too many failed authentications');
          return false;
        }
        return false; // graphql-ws closes with 4403 Forbidden
      }
      o.metrics.connections.inc();
      return true;
    },
    onClose: (ctx) => {
      clearTimeout(ctx.extra.expiry);
      if (ctx.acknowledged) o.metrics.connections.dec();
    },
    onSubscribe: (ctx, _id, payload) => {
      const open = active.get(ctx) ?? 0;
      if (open >= LIMITS.maxSubscriptionsPerConnection) {
        return [
          new GraphQLError(`at most ${LIMITS.maxSubscriptionsPerConnection} operations per connection`, {
            extensions: { code: PlantarErrorCode.BAD_REQUEST },
          }),
        ];
      }
      let document;
      try {
        document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
      } catch (error) {
        return [
          new GraphQLError((error as Error).message, {
            extensions: { code: PlantarErrorCode.GRAPHQL_PARSE_FAILED },
          }),
        ];
      }
      if (getOperationAST(document, payload.operationName ?? undefined) === null) {
        return [
          new GraphQLError(
            payload.operationName
              ? `no operation named "${payload.operationName}" in the document`
              : 'the document holds several operations: name the one to run in operationName',
            { extensions: { code: PlantarErrorCode.OPERATION_RESOLUTION_FAILURE } },
          ),
        ];
      }
      const errors = validate(o.schema, document, rules);
      if (errors.length > 0) {
        // Raw GraphQLErrors here; onError below formats them like every other error.
        return errors.map(
          (e) =>
            new GraphQLError(e.message, {
              nodes: e.nodes,
              extensions: { code: PlantarErrorCode.GRAPHQL_VALIDATION_FAILED },
            }),
        );
      }
      active.set(ctx, open + 1);
      o.metrics.subscriptions.inc();
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
      o.metrics.subscriptions.dec();
    },
    onError: (_ctx, _id, _payload, errors) => errors.map(o.formatError),
    // Results streamed in `next` messages get the same treatment as over HTTP: codes, safe messages.
    onNext: (_ctx, _id, _payload, _args, result) => {
      if (result.errors === undefined || result.errors.length === 0) return undefined;
      return { ...result, errors: result.errors.map((e) => o.formatError(withRequestCode(e))) };
    },
  };
  const serverCleanup = serveGraphQLWs(options, wss, { logger: o.logger });
  wss.on('error', (error) => o.logger.error({ err: error }, 'WebSocket server error'));

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

/**
 * Request-level execution errors (a variable of the wrong type, say) come from graphql-js without
 * a code and without a path; Apollo calls them BAD_USER_INPUT over HTTP, and so do we.
 */
function withRequestCode(error: GraphQLError): GraphQLError {
  if (error.extensions['code'] !== undefined || error.path !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: PlantarErrorCode.BAD_USER_INPUT },
  });
}
