import { Injectable, signal } from '@angular/core';

/** Where the browser keeps its bearer token; the server's playground uses the same key. */
export const TOKEN_STORAGE_KEY = 'plantar.token';

/** WebSocket close codes with which the server refuses a connection's credentials. */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOKEN_EXPIRED = 4401;

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

export function isAuthClose(event: unknown): boolean {
  const code = (event as { code?: unknown } | null)?.code;
  return code === CLOSE_FORBIDDEN || code === CLOSE_TOKEN_EXPIRED;
}

/** The bearer token sent on HTTP (Authorization header) and graphql-ws (connectionParams.token). */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly tokenSignal = signal<string | null>(null);
  readonly token = this.tokenSignal.asReadonly();
  /** The server refused the credentials (missing, wrong or expired): staff must sign in. */
  readonly rejected = signal<'missing' | 'invalid' | 'expired' | null>(null);

  constructor() {
    const fromUrl = typeof window === 'undefined' ? null : takeTokenFromUrl(window.location, window.history);
    if (fromUrl) store(fromUrl);
    this.tokenSignal.set(fromUrl ?? read());
  }

  markRejected(reason: 'invalid' | 'expired' = 'invalid'): void {
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
