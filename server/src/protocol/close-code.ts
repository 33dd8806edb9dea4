/**
 * WebSocket close codes Plantar itself sends on `/graphql`, besides those graphql-ws sends on its
 * own (its `CloseCode`: 4400 bad request, 4401 unauthorised — a subscribe before the
 * acknowledgement —, 4403 forbidden — Plantar refused the token —, 4406, 4408, 4409, 4429
 * too many initialisation requests, 4499, 4500, 4504). Plantar's own live in 4600-4699 so that a
 * client can never mistake one for the other.
 *
 * The single source of truth for the server, the dashboard (which compiles this file through its
 * `@plantar/protocol` path) and the README's table (a test compares them). It must import nothing.
 */
export enum PlantarCloseCode {
  /** The server is shutting down: reconnect with backoff. */
  GoingAway = 1001,
  /** The token the connection was opened with expired: get a fresh one, then reconnect. */
  TokenExpired = 4601,
  /** The client stopped reading: its queue of undelivered messages overflowed. Reconnect with backoff. */
  SlowConsumer = 4608,
  /** Too many failed authentications from this address: wait, then reconnect. */
  TooManyRequests = 4629,
}

/** graphql-ws's code for "the server refused connection_init" (Plantar refused the token). */
export const GRAPHQL_WS_FORBIDDEN = 4403;

/** A close that asks for new credentials rather than a plain reconnect. */
export function isCredentialsClose(code: number): boolean {
  return code === GRAPHQL_WS_FORBIDDEN || code === PlantarCloseCode.TokenExpired;
}
