import { isAsyncIterable } from '../shared/async-iterable';
import { print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';

/** What a consumer does when it falls this far behind. */
export interface SharedSubscriptionOptions {
  /** Events queued per subscriber before it is declared too slow. @default 512 */
  maxQueuedPerSubscriber?: number;
  /** Called once for a subscriber whose queue overflowed; its stream then ends. */
  onSlowSubscriber?: (contextValue: unknown) => void;
  /** Distinguishes contexts whose results may differ (e.g. by role). @default () => '' */
  contextKey?: (contextValue: unknown) => string;
  /**
   * Applied once to each event's result before it is handed to every subscriber (the transport
   * serialises it there, once). @default the result itself
   */
  prepare?: (result: ExecutionResult) => ExecutionResult;
  /** Opens a subscription's stream of results. @default graphql-js `subscribe` */
  execute?: (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult>;
}

type Source = AsyncGenerator<ExecutionResult, void, void>;

/**
 * Executes each distinct subscription (same document, variables, operation and context key) once
 * per event and hands the result to every subscriber, instead of executing it once per
 * subscriber. Each subscriber has a bounded queue, so one that stops reading can neither stall the
 * others nor grow memory without limit.
 */
export class SharedSubscriptions {
  private readonly channels = new Map<string, Promise<Channel | ExecutionResult>>();
  private readonly max: number;

  constructor(private readonly options: SharedSubscriptionOptions = {}) {
    this.max = options.maxQueuedPerSubscriber ?? 512;
  }

  /** Number of distinct executions running (for tests and metrics). */
  get size(): number {
    return this.channels.size;
  }

  /** A drop-in for graphql-js `subscribe`, for graphql-ws's `subscribe` option. */
  readonly subscribe = async (
    args: ExecutionArgs,
  ): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const key = [
      this.options.contextKey?.(args.contextValue) ?? '',
      args.operationName ?? '',
      JSON.stringify(args.variableValues ?? {}),
      print(args.document),
    ].join('\u0000');
    let pending = this.channels.get(key);
    if (pending === undefined) {
      pending = this.open(key, args);
      this.channels.set(key, pending);
    }
    const channel = await pending;
    if (!(channel instanceof Channel)) {
      this.channels.delete(key);
      return channel; // errors from subscribing, reported to this subscriber
    }
    return channel.join(args.contextValue);
  };

  private async open(key: string, args: ExecutionArgs): Promise<Channel | ExecutionResult> {
    const source = await (this.options.execute ?? subscribe)(args);
    if (!isAsyncIterable(source)) return source;
    return new Channel(
      source,
      this.max,
      this.options.prepare ?? ((result) => result),
      this.options.onSlowSubscriber,
      () => this.channels.delete(key),
    );
  }
}

class Channel {
  private readonly consumers = new Set<Consumer>();
  private closed = false;

  constructor(
    private readonly source: Source,
    private readonly max: number,
    private readonly prepare: (result: ExecutionResult) => ExecutionResult,
    private readonly onSlow: ((contextValue: unknown) => void) | undefined,
    private readonly onEmpty: () => void,
  ) {
    void this.pump();
  }

  join(contextValue: unknown): Consumer {
    const consumer = new Consumer(this, this.max, contextValue);
    this.consumers.add(consumer);
    return consumer;
  }

  leave(consumer: Consumer): void {
    this.consumers.delete(consumer);
    if (this.consumers.size === 0 && !this.closed) {
      this.closed = true;
      this.onEmpty();
      void this.source.return(undefined);
    }
  }

  slow(consumer: Consumer, contextValue: unknown): void {
    this.onSlow?.(contextValue);
    consumer.end();
    this.leave(consumer);
  }

  private async pump(): Promise<void> {
    try {
      for await (const raw of this.source) {
        const result = this.prepare(raw);
        for (const consumer of this.consumers) consumer.push(result);
      }
      for (const consumer of this.consumers) consumer.end();
    } catch (error) {
      for (const consumer of this.consumers) consumer.end(error as Error);
    } finally {
      if (!this.closed) {
        this.closed = true;
        this.onEmpty();
      }
    }
  }
}

/** One subscriber's view: an async generator over a bounded queue. */
class Consumer implements AsyncGenerator<ExecutionResult, void, void> {
  private readonly queue: ExecutionResult[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<ExecutionResult, void>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private done = false;
  private error: Error | undefined;

  constructor(
    private readonly channel: Channel,
    private readonly max: number,
    private readonly contextValue: unknown,
  ) {}

  push(result: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: result, done: false });
      return;
    }
    if (this.queue.length - this.head >= this.max) {
      this.channel.slow(this, this.contextValue);
      return;
    }
    this.queue.push(result);
  }

  end(error?: Error): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    if (this.waiting) {
      const resolve = this.waiting;
      const reject = this.failWaiting!;
      this.waiting = this.failWaiting = undefined;
      if (error) reject(error);
      else resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<ExecutionResult, void>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++]!;
      if (this.head > 64 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.done) {
      if (this.error) {
        const error = this.error;
        this.error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<ExecutionResult, void>> {
    this.queue.length = 0;
    this.head = 0;
    this.end();
    this.channel.leave(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
