import { inject, type EnvironmentProviders, type Provider } from '@angular/core';
import { HttpHeaders, provideHttpClient, withFetch } from '@angular/common/http';
import { ApolloLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { provideApollo } from 'apollo-angular';
import { HttpLink } from 'apollo-angular/http';
import { tap } from 'rxjs';
import { jitteredBackoff } from '../shared/backoff';
import { AuthService, credentialsRefusal } from './auth';
import { ConnectionService } from './connection.service';

/** Same origin as the page: HTTP at /graphql, WebSocket at ws(s)://host/graphql. */
export function graphqlUrls(location: Pick<Location, 'protocol' | 'host'>): { http: string; ws: string } {
  return {
    http: '/graphql',
    ws: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
  };
}

export const KEEP_ALIVE_MS = 10_000;
export const PONG_TIMEOUT_MS = 5_000;
/**
 * The code this client closes a socket with when its pong does not come back: graphql-ws's
 * recipe for client-side ping timeouts uses 4408, which graphql-ws then retries like any lost
 * link. The server never receives it (the link is dead), so it is no part of the shared protocol.
 */
export const PONG_TIMEOUT_CLOSE = 4408;

/**
 * A graphql-ws client that never gives up: it retries every close with jittered backoff, pings
 * the server every 10 s and drops a socket whose pong does not come back within 5 s (a silently
 * dead link otherwise looks "connected" for minutes).
 */
export function createLiveClient(
  url: string,
  connection: ConnectionService,
  auth: AuthService,
  /** The browser's WebSocket unless a test passes its own. */
  webSocketImpl?: unknown,
): Client {
  let socket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  return createClient({
    url,
    ...(webSocketImpl === undefined ? {} : { webSocketImpl }),
    lazy: false,
    keepAlive: KEEP_ALIVE_MS,
    connectionParams: () => {
      const token = auth.token();
      return token ? { token } : {};
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    // Every loss of the link is retried, except a refusal of the credentials: retrying those
    // only counts as failed sign-ins against this address. Staff sign in again instead.
    shouldRetry: (event) => credentialsRefusal(event) === null,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, jitteredBackoff(retries))),
    on: {
      connecting: () => connection.handle({ type: 'connecting' }),
      connected: (s) => {
        socket = s as WebSocket;
        connection.handle({ type: 'connected' });
      },
      closed: (event) => {
        socket = null;
        clearTimeout(pongTimer);
        const refusal = credentialsRefusal(event);
        if (refusal) {
          auth.markRejected(refusal);
          connection.handle({ type: 'unauthorized' });
        } else {
          connection.handle({ type: 'closed' });
        }
      },
      ping: (received) => {
        if (received) return;
        pongTimer = setTimeout(() => {
          if (socket?.readyState === WebSocket.OPEN) socket.close(PONG_TIMEOUT_CLOSE, 'Pong timeout');
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
}

/** Adds the bearer token to HTTP operations and notices when the server refuses it (401). */
export function authLink(auth: AuthService): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const token = auth.token();
    if (token) operation.setContext({ headers: new HttpHeaders({ Authorization: `Bearer ${token}` }) });
    return forward(operation).pipe(
      tap({
        error: (error: unknown) => {
          if ((error as { status?: unknown } | null)?.status === 401) auth.markRejected();
        },
      }),
    );
  });
}

/** Apollo with a split link: subscriptions over graphql-ws, everything else over HTTP. */
export function provideGraphql(): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withFetch()),
    provideApollo(() => {
      const urls = graphqlUrls(window.location);
      const auth = inject(AuthService);
      const http = authLink(auth).concat(inject(HttpLink).create({ uri: urls.http }));
      const ws = new GraphQLWsLink(createLiveClient(urls.ws, inject(ConnectionService), auth));
      const link = ApolloLink.split((op) => op.operationType === OperationTypeNode.SUBSCRIPTION, ws, http);
      return {
        link,
        cache: new InMemoryCache(),
        defaultOptions: { query: { fetchPolicy: 'no-cache' } },
      };
    }),
  ];
}
