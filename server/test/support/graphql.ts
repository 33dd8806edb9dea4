import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs an operation to /graphql as a third-party client would. */
export async function query<T = Record<string, unknown>>(
  baseUrl: string,
  document: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T> & { status: number }> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
}

export function wsClient(
  baseUrl: string,
  options: { retryAttempts?: number; connectionParams?: Record<string, unknown> } = {},
): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
    ...(options.connectionParams ? { connectionParams: options.connectionParams } : {}),
  });
}

/**
 * Subscribes and resolves with the first results for which `done(results)` holds, or rejects with
 * the server's errors. Event-driven: no polling, no sleeps.
 */
export function collect<T>(
  client: Client,
  document: string,
  variables: Record<string, unknown>,
  done: (results: T[]) => boolean,
  timeoutMs = 10_000,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results: T[] = [];
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`subscription gave ${results.length} results in ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = client.subscribe<T>(
      { query: document, variables },
      {
        next: (value) => {
          if (value.errors) {
            clearTimeout(timer);
            unsubscribe();
            reject(Object.assign(new Error('subscription errors'), { errors: value.errors }));
            return;
          }
          results.push(value.data as T);
          if (done(results)) {
            clearTimeout(timer);
            unsubscribe();
            resolve(results);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(
            error instanceof Error
              ? error
              : Object.assign(new Error('subscription error'), { errors: error }),
          );
        },
        complete: () => undefined,
      },
    );
  });
}
