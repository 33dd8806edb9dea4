import { computed, Injectable, signal } from '@angular/core';
import { isCredentialsClose, PlantarCloseCode } from '@plantar/protocol';
import { tokenRole } from './token-role';

/** Where the browser keeps its bearer token; the server's playground uses the same key. */
export const TOKEN_STORAGE_KEY = 'plantar.token';

/** Why the server refused the credentials: staff see "expired" or "invalid" (or "missing"). */
export type Refusal = 'invalid' | 'expired';

/**
 * Takes a `?token=` sign-in link's token out of the address (so it is neither bookmarked nor
 * shown on a wall display) and returns it.
 */
export function takeTokenFromUrl(
  location: Pick<Location, 'search' | 'pathname' | 'hash'>,
  history: Pick<History, 'replaceState'>,
): string | null {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (!token) return null;
  params.delete('token');
  const query = params.toString();
  history.replaceState(null, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  return token;
}

/**
 * Why a WebSocket close refused the credentials, or null for a close that only calls for a
 * reconnect. The codes come from the server's own enum: graphql-ws's 4401 (a subscribe before
 * the acknowledgement) is a protocol hiccup, not an expired token, and must not ask staff to
 * sign in again.
 */
export function credentialsRefusal(event: unknown): Refusal | null {
  const code = (event as { code?: unknown } | null)?.code;
  if (typeof code !== 'number' || !isCredentialsClose(code)) return null;
  return code === PlantarCloseCode.TokenExpired ? 'expired' : 'invalid';
}

/** The bearer token sent on HTTP (Authorization header) and graphql-ws (connectionParams.token). */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly tokenSignal = signal<string | null>(null);
  readonly token = this.tokenSignal.asReadonly();
  /** The token's role claim (null: no token or not one of ours), to leave out what it may not do. */
  readonly role = computed(() => tokenRole(this.tokenSignal()));
  /**
   * May change things (upload and control replays, polling): an operator, or no role known (a
   * server without AUTH treats everyone as an operator). The server decides either way.
   */
  readonly canOperate = computed(() => {
    const role = this.role();
    return role === null || role === 'operator';
  });
  /** The server refused the credentials (missing, wrong or expired): staff must sign in. */
  readonly rejected = signal<'missing' | Refusal | null>(null);

  constructor() {
    const fromUrl = typeof window === 'undefined' ? null : takeTokenFromUrl(window.location, window.history);
    if (fromUrl) store(fromUrl);
    this.tokenSignal.set(fromUrl ?? read());
  }

  markRejected(reason: Refusal = 'invalid'): void {
    this.rejected.set(this.tokenSignal() === null ? 'missing' : reason);
  }

  /** Stores a new token and reloads, so every link starts over with it. */
  signIn(token: string, reload: () => void = () => window.location.reload()): void {
    const trimmed = token.trim();
    if (!trimmed) return;
    store(trimmed);
    this.tokenSignal.set(trimmed);
    reload();
  }
}

function read(): string | null {
  try {
    return localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(token: string): void {
  try {
    localStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage disabled: the token lives for this page only.
  }
}
