import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config/config';
import { ANONYMOUS_OPERATOR, type Principal } from './principal';
import { AuthError, TokenService } from './token-service';

export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message);
  }
}

/** A valid token whose role may not do what was asked (HTTP 403). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** What a caller authenticates for: reading (GraphQL, WebSocket) or pushing readings (/ingest). */
export type Purpose = 'read' | 'ingest';

export type UpgradeVerdict = { ok: true } | { ok: false; status: number; reason: string };

/**
 * Who may do what: token checks (with a per-address limit on failures, against guessing),
 * WebSocket origin and per-address connection limits, and the mutation rate per caller.
 */
export class AccessControl {
  readonly tokens: TokenService | undefined;
  private readonly failures: RateLimiterMemory;
  private readonly mutations: RateLimiterMemory;
  private readonly connections = new Map<string, number>();

  constructor(private readonly config: Config) {
    this.tokens = config.auth
      ? config.authSecret === undefined
        ? TokenService.withRandomSecret()
        : new TokenService(config.authSecret)
      : undefined;
    this.failures = new RateLimiterMemory({ points: config.authFailuresPerMinute, duration: 60 });
    this.mutations = new RateLimiterMemory({ points: config.mutationsPerMinute, duration: 60 });
  }

  get enabled(): boolean {
    return this.tokens !== undefined;
  }

  /**
   * Verifies a token for a client address and a purpose; throws AuthError, RateLimitedError, or
   * ForbiddenError for a valid token of the wrong role (a device token reads nothing, a viewer
   * pushes nothing).
   */
  async authenticate(token: unknown, address: string, purpose: Purpose = 'read'): Promise<Principal> {
    const principal = await this.verified(token, address);
    if (purpose === 'read' && principal.role === 'device') {
      throw new ForbiddenError('a device token may only push readings (POST /ingest/v1/readings)');
    }
    if (purpose === 'ingest' && principal.role === 'viewer') {
      throw new ForbiddenError(
        'a viewer token may not push readings or upload recordings; use a device or operator token',
      );
    }
    return principal;
  }

  private async verified(token: unknown, address: string): Promise<Principal> {
    if (this.tokens === undefined) return ANONYMOUS_OPERATOR;
    const record = await this.failures.get(address);
    if (record !== null && record.consumedPoints >= this.config.authFailuresPerMinute) {
      throw new RateLimitedError(
        'too many failed authentications; try again later',
        Math.ceil(record.msBeforeNext / 1000),
      );
    }
    try {
      return this.tokens.verify(token);
    } catch (error) {
      if (error instanceof AuthError) await this.failures.consume(address).catch(() => undefined);
      throw error;
    }
  }

  /** Checked before a WebSocket upgrade: same origin or allowed, and not too many sockets from one address. */
  verifyUpgrade(origin: string | undefined, host: string | undefined, address: string): UpgradeVerdict {
    // Browsers always send Origin; other clients (servers, scripts) may not, and cannot be hijacked.
    if (origin !== undefined && !this.originAllowed(origin, host)) {
      return { ok: false, status: 403, reason: `origin ${origin} is not allowed` };
    }
    if ((this.connections.get(address) ?? 0) >= this.config.maxConnectionsPerIp) {
      return {
        ok: false,
        status: 429,
        reason: `at most ${this.config.maxConnectionsPerIp} connections per client`,
      };
    }
    return { ok: true };
  }

  connectionOpened(address: string): void {
    this.connections.set(address, (this.connections.get(address) ?? 0) + 1);
  }

  connectionClosed(address: string): void {
    const n = (this.connections.get(address) ?? 1) - 1;
    if (n <= 0) this.connections.delete(address);
    else this.connections.set(address, n);
  }

  /** Spends one mutation of the caller's per-minute budget; throws RateLimitedError when none is left. */
  async spendMutation(principal: Principal): Promise<void> {
    try {
      await this.mutations.consume(principal.subject);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new RateLimitedError(
          `at most ${this.config.mutationsPerMinute} changes per minute`,
          Math.ceil(error.msBeforeNext / 1000),
        );
      }
      throw error;
    }
  }

  private originAllowed(origin: string, host: string | undefined): boolean {
    if (this.config.allowedOrigins.includes(origin)) return true;
    try {
      return host !== undefined && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
}
