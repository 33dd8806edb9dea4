import type {
  GatewayExecutor,
  GatewayInterface,
  GatewayExecutionResult,
} from '@apollo/server-gateway-interface';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  locatedError,
  print,
  Source,
  subscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { isAsyncIterable } from '../shared/async-iterable';

export interface JitExecutorOptions {
  /** Distinct compiled operations kept (least recently used dropped first). @default 500 */
  cacheSize?: number;
}

/**
 * Executes operations with graphql-jit: each distinct document is compiled once into a function
 * specialised to its selection set, then reused. graphql-js resolves every field generically
 * (argument coercion, resolver lookup, promise checks per field); a 3,000-reading history has
 * about 100k fields, which made execution the largest cost of `readings` (see BENCHMARKS.md).
 *
 * Apollo validates the document and enforces the query limits before this runs; variables are
 * coerced with graphql-js first so a bad variable gets exactly graphql-js's message, which Apollo
 * answers as 400 BAD_USER_INPUT. A document graphql-jit cannot compile runs on graphql-js.
 */
export function createJitExecutor(schema: GraphQLSchema, options: JitExecutorOptions = {}): GatewayExecutor {
  const compiled = new LRUCache<string, CompiledQuery | 'graphql-js'>({ max: options.cacheSize ?? 500 });
  return async (request) => {
    const { document, operation, operationName, context } = request;
    const variables = request.request.variables ?? {};
    // No operation resolved (several in the document and no name, or an unknown name): graphql-js
    // gives the message Apollo turns into OPERATION_RESOLUTION_FAILURE.
    const onGraphqlJs = async (name: string | null | undefined) =>
      (await execute({
        schema,
        document,
        operationName: name,
        contextValue: context,
        variableValues: variables,
      })) as GatewayExecutionResult;
    // The name as the client sent it: Apollo's resolved name is null when it matched nothing.
    if (operation === undefined) return onGraphqlJs(request.request.operationName);
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };

    const key = `${operationName ?? ''}\u0000${request.queryHash}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      query = isCompiledQuery(result) ? result : 'graphql-js';
      compiled.set(key, query);
    }
    if (query === 'graphql-js') return onGraphqlJs(operationName);
    const result = await query.query(undefined, context, variables);
    return result.errors
      ? { ...result, errors: result.errors.map((e) => asGraphQLError(e, request.source)) }
      : result;
  };
}

/** What graphql-jit puts in `errors`: its own error class, not one built by graphql-js. */
interface JitError {
  readonly message: string;
  readonly locations?: readonly { readonly line: number; readonly column: number }[];
  readonly path?: readonly (string | number)[];
  readonly originalError?: unknown;
}

/**
 * graphql-jit reports errors with its own class, so Apollo would see neither a GraphQLError nor
 * the code a resolver attached (FORBIDDEN, BAD_USER_INPUT, ...) and answer INTERNAL_SERVER_ERROR.
 * This rebuilds the error graphql-js would have produced: the thrown error located at the field,
 * its extensions kept, its positions in the query recovered from line and column.
 */
export function asGraphQLError(error: JitError, query: string): GraphQLError {
  // No `instanceof GraphQLError` shortcut: graphql-jit's class inherits graphql-js's prototype,
  // so it passes that test, yet its properties are read-only (plugins that rewrite messages throw).
  const original = error.originalError instanceof Error ? error.originalError : new Error(error.message);
  const located = locatedError(original, undefined, error.path);
  if (located.locations !== undefined || error.locations === undefined || error.locations.length === 0) {
    return located;
  }
  const lineStarts = [0];
  for (let i = query.indexOf('\n'); i !== -1; i = query.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return new GraphQLError(located.message, {
    source: new Source(query),
    positions: error.locations.map(({ line, column }) => (lineStarts[line - 1] ?? 0) + column - 1),
    path: located.path,
    originalError: located.originalError ?? undefined,
    extensions: located.extensions,
  });
}

/**
 * Apollo Server's way to bring its own executor is the gateway interface (Apollo Federation uses
 * it to plan queries): a fixed schema, loaded once, executed by graphql-jit.
 */
export function jitGateway(schema: GraphQLSchema, options: JitExecutorOptions = {}): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor: createJitExecutor(schema, options) }),
    stop: async () => undefined,
  };
}

type SubscribeResult = AsyncGenerator<ExecutionResult, void, void> | ExecutionResult;

/**
 * graphql-js `subscribe` with each event's result built by graphql-jit. A subscription document is
 * executed once per event for all its subscribers (graphql/shared-subscriptions.ts), at thousands of
 * events a second: graphql-js made an execution context and walked the selection generically for
 * every one of them, and that garbage cost the main thread GC pauses on the live path. Variables
 * are coerced by graphql-js first and errors rebuilt as graphql-js errors, as for queries; a
 * document graphql-jit cannot compile runs on graphql-js.
 */
export function createJitSubscribe(
  schema: GraphQLSchema,
  options: JitExecutorOptions = {},
): (args: ExecutionArgs) => Promise<SubscribeResult> {
  const compiled = new LRUCache<string, CompiledQuery | 'graphql-js'>({ max: options.cacheSize ?? 500 });
  return async (args) => {
    const operationName = args.operationName ?? undefined;
    const operation = getOperationAST(args.document, operationName);
    if (!operation) return (await subscribe(args)) as SubscribeResult;
    const variables = args.variableValues ?? {};
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };

    const key = `${operationName ?? ''}\u0000${print(args.document)}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, args.document, operationName);
      query = isCompiledQuery(result) ? result : 'graphql-js';
      compiled.set(key, query);
    }
    if (query === 'graphql-js') return (await subscribe(args)) as SubscribeResult;
    // The event stream comes from graphql-js: graphql-jit 0.8 hands the subscribe resolver the
    // operation's variables instead of the field's arguments (`readings(patientIds: [1])` would
    // follow every patient). Only the per-event execution is compiled.
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream as ExecutionResult;
    const compiledQuery = query;
    const source = args.document.loc?.source.body ?? print(args.document);
    return mapResults(stream, (event) => {
      const result = compiledQuery.query(event, args.contextValue, variables);
      return isPromiseLike(result)
        ? Promise.resolve(result).then((r) => withGraphQLErrors(r, source))
        : withGraphQLErrors(result, source);
    });
  };
}

function withGraphQLErrors(result: ExecutionResult, source: string): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map((e) => asGraphQLError(e, source)) } : result;
}

/**
 * The stream with `map` applied to each result. Not an async generator: a generator's `return()`
 * waits for the `next()` in progress, i.e. for the next event, and a patient without events would
 * keep its Redis subscription open; this forwards `return()` to the source at once.
 */
function mapResults(
  stream: AsyncIterableIterator<unknown>,
  map: (event: unknown) => ExecutionResult | Promise<ExecutionResult>,
): AsyncGenerator<ExecutionResult, void, void> {
  return new MappedStream(stream, map);
}

class MappedStream implements AsyncGenerator<ExecutionResult, void, void> {
  constructor(
    private readonly stream: AsyncIterableIterator<unknown>,
    private readonly map: (event: unknown) => ExecutionResult | Promise<ExecutionResult>,
  ) {}

  // Promise chains rather than async/await: this runs once per event, and a compiled query whose
  // resolvers are synchronous answers synchronously — no promise for it.
  next(): Promise<IteratorResult<ExecutionResult, void>> {
    return this.stream.next().then((step) => {
      if (step.done) return { value: undefined, done: true };
      const mapped = this.map(step.value);
      return isPromiseLike(mapped)
        ? Promise.resolve(mapped).then((value) => ({ value, done: false as const }))
        : { value: mapped, done: false };
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult, void>> {
    await this.stream.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    await this.stream.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}
