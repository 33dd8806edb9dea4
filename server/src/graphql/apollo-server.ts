import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context, Services } from './context';
import { PlantarErrorCode } from './error-code';
import { createErrorFormatter } from './errors';
import { jitGateway } from './jit-executor';
import { createArmor, LIMITS } from './limits';
import { startWsServer } from './ws-server';

export interface GraphQLServerOptions {
  /** The HTTP server both transports share: Apollo over HTTP, graphql-ws over its upgrades. */
  httpServer: Server;
  /** The public contract (schema/build-schema.ts). */
  schema: GraphQLSchema;
  services: Services;
  /** True once shutdown began: failing operations then tell clients to retry. */
  shuttingDown: () => boolean;
}

/**
 * The schema served over HTTP (Apollo Server, executed by graphql-jit) and WebSocket (graphql-ws),
 * with the same limits and the same error formatting on both. Stopping the returned Apollo server
 * drains HTTP and closes every WebSocket.
 */
export async function startGraphQLServers(o: GraphQLServerOptions): Promise<ApolloServer<Context>> {
  const { services, httpServer, schema } = o;
  const { logger, config, store } = services;
  const armor = createArmor();
  const formatError = createErrorFormatter(logger, () => store.connected, o.shuttingDown);
  const ws = startWsServer({
    httpServer,
    schema,
    services,
    validationRules: armor.validationRules,
    formatError: (e: GraphQLError) => formatError(e.toJSON(), e),
  });
  const apollo = new ApolloServer<Context>({
    // Execution by graphql-jit; the same schema object serves graphql-ws.
    gateway: jitGateway(schema),
    ...armor,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The playground is GraphiQL at /graphiql, served from npm packages; no CDN-hosted landing page.
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin hooks willResolveField, which makes Apollo wrap the
      // resolver of every field of the (shared) schema: for a 3,000-reading history that is
      // ~100k extra calls, and subscriptions over graphql-ws paid it too. Live readings are never
      // cacheable, so nothing is lost (profile: bench/history.mjs, BENCHMARKS.md).
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebSocketOnly,
      { serverWillStart: async () => ({ drainServer: () => ws.close() }) },
    ],
    introspection: config.graphiql,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // No automatic persisted queries: nothing uses them, and their errors carry no code.
    persistedQueries: false,
    // main.ts owns the signals: polls stop and readings are flushed before the servers close.
    stopOnTerminationSignals: false,
    formatError,
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();
  return apollo;
}

/** graphql-js would run a subscription sent over HTTP as a query, with no event to resolve. */
const subscriptionsOverWebSocketOnly: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('subscriptions are served over WebSocket (graphql-ws) on this same path', {
            extensions: { code: PlantarErrorCode.BAD_REQUEST, http: { status: 400 } },
          });
        }
      },
    };
  },
};
