import type { Logger } from '../observability/logger';

/** Where the server is in its life; every switch over it is exhaustive. */
export type Phase =
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly since: number }
  | { readonly kind: 'draining'; readonly since: number }
  | { readonly kind: 'stopped'; readonly at: number };

interface Owned {
  readonly name: string;
  close(): Promise<void> | void;
}

/**
 * The server's phases and everything it opened. Each part is registered as it is opened, so a
 * failed start closes exactly what was opened, and a stop closes it all in reverse order: the last
 * opened (retention, then polling with its flush) first, the first opened (the store) last.
 */
export class Lifecycle {
  private current: Phase = { kind: 'starting' };
  private readonly owned: Owned[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  get phase(): Phase {
    return this.current;
  }

  /** Once shutdown began, failing operations tell clients to retry instead of reporting a fault. */
  get shuttingDown(): boolean {
    switch (this.current.kind) {
      case 'starting':
      case 'running':
        return false;
      case 'draining':
      case 'stopped':
        return true;
    }
  }

  /** Registers `close` to run when the server stops (or fails to start); returns `value`. */
  own<T>(name: string, value: T, close: (value: T) => Promise<void> | void): T {
    this.owned.push({ name, close: () => close(value) });
    return value;
  }

  running(): void {
    if (this.current.kind === 'starting') this.current = { kind: 'running', since: Date.now() };
  }

  /** Stops once; later calls join the first. A step that fails is logged and the others still run. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.current = { kind: 'draining', since: Date.now() };
      this.logger.info('shutting down: stopping polls, flushing readings, closing clients');
      await this.closeAll((step, error) => this.logger.warn({ err: error, step }, 'shutdown step failed'));
      this.current = { kind: 'stopped', at: Date.now() };
      this.logger.info('shutdown complete');
    })();
    return this.stopping;
  }

  /** After a failed start: closes what was opened, quietly (the start's own error is what matters). */
  async abort(): Promise<void> {
    this.current = { kind: 'draining', since: Date.now() };
    await this.closeAll(() => undefined);
    this.current = { kind: 'stopped', at: Date.now() };
  }

  private async closeAll(onError: (step: string, error: unknown) => void): Promise<void> {
    for (const part of this.owned.splice(0).reverse()) {
      this.logger.debug({ step: part.name }, 'closing');
      try {
        await part.close();
      } catch (error) {
        onError(part.name, error);
      }
    }
  }
}
