/** What the dashboard tells staff about its live link to the server. */
export type ConnectionKind = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unauthorized';

export interface ConnectionState {
  readonly kind: ConnectionKind;
  /** Epoch ms since when this state holds. */
  readonly since: number;
  /** Failed attempts since the link was last up. */
  readonly attempts: number;
}

export type ConnectionEvent =
  | { readonly type: 'connecting' }
  | { readonly type: 'connected' }
  | { readonly type: 'closed' }
  | { readonly type: 'browser-offline' }
  | { readonly type: 'browser-online' }
  | { readonly type: 'unauthorized' }
  | { readonly type: 'tick' };

/** Retrying for longer than this without success counts as offline, not just reconnecting. */
export const OFFLINE_AFTER_MS = 30_000;

export const INITIAL_CONNECTION: ConnectionState = { kind: 'connecting', since: 0, attempts: 0 };

/**
 * The connection state machine. `since` keeps the moment the link was lost while the client
 * keeps retrying, so "reconnecting since 10:02:03" stays honest across many attempts.
 */
export function nextConnectionState(
  state: ConnectionState,
  event: ConnectionEvent,
  now: number,
): ConnectionState {
  switch (event.type) {
    case 'connected':
      return state.kind === 'connected' ? state : { kind: 'connected', since: now, attempts: 0 };
    case 'connecting':
      return state.kind === 'connected' ? { kind: 'reconnecting', since: now, attempts: 0 } : state;
    case 'closed':
      if (state.kind === 'connected') return { kind: 'reconnecting', since: now, attempts: 1 };
      return { ...state, attempts: state.attempts + 1 };
    case 'unauthorized':
      return state.kind === 'unauthorized'
        ? state
        : { kind: 'unauthorized', since: now, attempts: state.attempts };
    case 'browser-offline':
      return state.kind === 'offline'
        ? state
        : {
            kind: 'offline',
            since: state.kind === 'connected' ? now : state.since || now,
            attempts: state.attempts,
          };
    case 'browser-online':
      return state.kind === 'offline'
        ? { kind: 'reconnecting', since: state.since, attempts: state.attempts }
        : state;
    case 'tick':
      if (
        (state.kind === 'reconnecting' || state.kind === 'connecting') &&
        state.since &&
        now - state.since >= OFFLINE_AFTER_MS
      ) {
        return { ...state, kind: 'offline' };
      }
      return state;
  }
}

export function isLive(state: ConnectionState): boolean {
  return state.kind === 'connected';
}
