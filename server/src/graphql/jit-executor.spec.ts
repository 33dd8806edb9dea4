import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  execute,
  getOperationAST,
  GraphQLError,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  subscribe,
  type ExecutionResult,
} from 'graphql';
import { createJitExecutor, createJitSubscribe } from './jit-executor';

const Item = new GraphQLObjectType({
  name: 'Item',
  fields: { id: { type: GraphQLInt }, name: { type: GraphQLString } },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLList(Item),
        args: { last: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_: unknown, { last }: { last: number }) =>
          Array.from({ length: last }, (_v, i) => ({ id: i, name: `item ${i}` })),
      },
      guarded: {
        type: GraphQLString,
        resolve: () => {
          throw new GraphQLError('not for you', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
  }),
});

function requestFor(
  source: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): GatewayGraphQLRequestContext {
  const document = parse(source);
  const operation = getOperationAST(document, operationName) ?? undefined;
  return {
    source,
    document,
    operation,
    operationName: operation?.name?.value ?? null,
    queryHash: source,
    context: {},
    request: { query: source, variables, operationName },
  } as unknown as GatewayGraphQLRequestContext;
}

describe('createJitExecutor', () => {
  const run = createJitExecutor(schema);

  it('gives the same data as graphql-js', async () => {
    const source = 'query Q($n: Int!) { items(last: $n) { id name } }';
    const jit = await run(requestFor(source, { n: 3 }));
    const reference = await execute({ schema, document: parse(source), variableValues: { n: 3 } });
    expect(JSON.parse(JSON.stringify(jit))).toEqual(JSON.parse(JSON.stringify(reference)));
  });

  it("keeps a resolver error's code, path and location, as a writable graphql-js error", async () => {
    const result = await run(requestFor('{\n  guarded\n}'));
    const error = result.errors![0]!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.constructor).toBe(GraphQLError);
    expect(error.toJSON()).toEqual({
      message: 'not for you',
      locations: [{ line: 2, column: 3 }],
      path: ['guarded'],
      extensions: { code: 'FORBIDDEN' },
    });
    // Apollo plugins (graphql-armor) rewrite messages in place; graphql-jit's own errors forbid it.
    error.message = 'rewritten';
    expect(error.message).toBe('rewritten');
  });

  it("refuses a bad variable with graphql-js's own message (which Apollo answers as BAD_USER_INPUT)", async () => {
    const result = await run(requestFor('query Q($n: Int!) { items(last: $n) { id } }', { n: 'three' }));
    expect(result.data).toBeUndefined();
    expect(result.errors![0]!.message).toMatch(/^Variable "\$n" got invalid value "three"/);
  });

  it('leaves an unresolvable operation to graphql-js, which names the problem', async () => {
    const result = await run(requestFor('query A { items(last: 1) { id } }', {}, 'B'));
    expect(result.errors![0]!.message).toBe('Unknown operation named "B".');
  });
});

describe('createJitSubscribe', () => {
  /** An event source whose closing is observable. */
  function source() {
    const state = { closed: false, push: (_n: number) => undefined as void };
    const queue: number[] = [];
    let wake: (() => void) | undefined;
    state.push = (n) => {
      queue.push(n);
      wake?.();
    };
    const iterator: AsyncIterableIterator<number> = {
      async next() {
        while (queue.length === 0 && !state.closed) await new Promise<void>((r) => (wake = r));
        return state.closed ? { value: undefined, done: true } : { value: queue.shift()!, done: false };
      },
      async return() {
        state.closed = true;
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return { state, iterator };
  }

  let events = source();
  let resolved = 0;
  const subscriptions = new GraphQLSchema({
    query: schema.getQueryType()!,
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: Item,
          args: { max: { type: GraphQLInt } },
          subscribe: (_root, { max }: { max?: number }) => {
            if (max !== undefined && max < 0)
              throw new GraphQLError('max must be >= 0', { extensions: { code: 'BAD_USER_INPUT' } });
            return events.iterator;
          },
          resolve: (n: number) => {
            resolved++;
            if (n < 0) throw new GraphQLError('negative tick', { extensions: { code: 'FORBIDDEN' } });
            return { id: n, name: `tick ${n}` };
          },
        },
      },
    }),
  });
  const jitSubscribe = createJitSubscribe(subscriptions);
  const run = (query: string, variableValues?: Record<string, unknown>) =>
    jitSubscribe({ schema: subscriptions, document: parse(query), variableValues });

  beforeEach(() => {
    events = source();
    resolved = 0;
  });

  it('maps each event through the compiled document', async () => {
    const stream = (await run('subscription { ticks { id name } }')) as AsyncGenerator<ExecutionResult>;
    events.state.push(1);
    events.state.push(2);
    expect((await stream.next()).value).toEqual({ data: { ticks: { id: 1, name: 'tick 1' } } });
    expect((await stream.next()).value).toEqual({ data: { ticks: { id: 2, name: 'tick 2' } } });
    expect(resolved).toBe(2);
    await stream.return(undefined);
  });

  it('reports resolver errors as graphql-js errors with their code and location', async () => {
    const stream = (await run('subscription {\n  ticks { id }\n}')) as AsyncGenerator<ExecutionResult>;
    events.state.push(-1);
    const { value } = await stream.next();
    const error = (value as ExecutionResult).errors![0]!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions['code']).toBe('FORBIDDEN');
    expect(error.locations).toEqual([{ line: 2, column: 3 }]);
    expect(error.path).toEqual(['ticks']);
    await stream.return(undefined);
  });

  it('answers a failing subscribe and bad variables with errors, as graphql-js does', async () => {
    const refused = (await run('subscription { ticks(max: -1) { id } }')) as ExecutionResult;
    expect(refused.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
    const doc = 'subscription($max: Int) { ticks(max: $max) { id } }';
    const jit = (await run(doc, { max: 'x' })) as ExecutionResult;
    const js = (await subscribe({
      schema: subscriptions,
      document: parse(doc),
      variableValues: { max: 'x' },
    })) as ExecutionResult;
    expect(jit.errors?.map((e) => e.message)).toEqual(js.errors?.map((e) => e.message));
  });

  it('closes the source at once on return, without waiting for another event', async () => {
    const stream = (await run('subscription { ticks { id } }')) as AsyncGenerator<ExecutionResult>;
    const pending = stream.next(); // waiting for an event that never comes
    await stream.return(undefined);
    expect(events.state.closed).toBe(true);
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
