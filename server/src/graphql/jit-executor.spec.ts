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
} from 'graphql';
import { createJitExecutor } from './jit-executor';

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
