import { GraphQLInt, GraphQLObjectType, GraphQLSchema, parse, type ExecutionResult } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { SharedSubscriptions } from './shared-subscriptions';

function fixture() {
  const pubsub = new PubSub();
  let executions = 0;
  let sourcesOpen = 0;
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { x: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: GraphQLInt,
          args: { of: { type: GraphQLInt } },
          subscribe: (_root, args: { of: number }) => {
            sourcesOpen++;
            const it = pubsub.asyncIterableIterator<number>(`t${args.of}`);
            const ret = it.return!.bind(it);
            it.return = () => {
              sourcesOpen--;
              return ret();
            };
            return it;
          },
          resolve: (n: number) => {
            executions++;
            return n;
          },
        },
      },
    }),
  });
  return { pubsub, schema, executions: () => executions, sourcesOpen: () => sourcesOpen };
}

const doc = parse('subscription($of: Int) { tick(of: $of) }');

async function take(it: AsyncGenerator<ExecutionResult> | ExecutionResult, n: number): Promise<unknown[]> {
  const gen = it as AsyncGenerator<ExecutionResult>;
  const out: unknown[] = [];
  while (out.length < n) out.push((await gen.next()).value?.data?.['tick']);
  return out;
}

describe('SharedSubscriptions', () => {
  it('executes once per event for all subscribers of the same document and variables', async () => {
    const f = fixture();
    const shared = new SharedSubscriptions();
    const args = { schema: f.schema, document: doc, variableValues: { of: 1 } };
    const subs = await Promise.all([shared.subscribe(args), shared.subscribe(args), shared.subscribe(args)]);
    expect(shared.size).toBe(1);
    expect(f.sourcesOpen()).toBe(1);
    const results = Promise.all(subs.map((s) => take(s, 2)));
    await f.pubsub.publish('t1', 10);
    await f.pubsub.publish('t1', 11);
    expect(await results).toEqual([
      [10, 11],
      [10, 11],
      [10, 11],
    ]);
    expect(f.executions()).toBe(2);
  });

  it('prepares each event once and hands the same prepared result to every subscriber', async () => {
    const f = fixture();
    const prepared: ExecutionResult[] = [];
    const shared = new SharedSubscriptions({
      prepare: (result) => {
        const p = { ...result, extensions: { prepared: prepared.length } };
        prepared.push(p);
        return p;
      },
    });
    const args = { schema: f.schema, document: doc, variableValues: { of: 1 } };
    const subs = (await Promise.all([
      shared.subscribe(args),
      shared.subscribe(args),
    ])) as AsyncGenerator<ExecutionResult>[];
    const got = Promise.all(subs.map(async (s) => [(await s.next()).value, (await s.next()).value]));
    await f.pubsub.publish('t1', 1);
    await f.pubsub.publish('t1', 2);
    const [a, b] = await got;
    expect(prepared).toHaveLength(2);
    expect(a![0]).toBe(prepared[0]);
    expect(b![0]).toBe(prepared[0]);
    expect(a![1]).toBe(prepared[1]);
    expect(b![1]).toBe(prepared[1]);
  });

  it('keeps different variables apart and closes the source when the last subscriber leaves', async () => {
    const f = fixture();
    const shared = new SharedSubscriptions();
    const a = (await shared.subscribe({
      schema: f.schema,
      document: doc,
      variableValues: { of: 1 },
    })) as AsyncGenerator<ExecutionResult>;
    const b = (await shared.subscribe({
      schema: f.schema,
      document: doc,
      variableValues: { of: 2 },
    })) as AsyncGenerator<ExecutionResult>;
    expect(shared.size).toBe(2);
    const got = Promise.all([take(a, 1), take(b, 1)]);
    await f.pubsub.publish('t2', 2);
    await f.pubsub.publish('t1', 1);
    expect(await got).toEqual([[1], [2]]);
    await a.return(undefined);
    expect(shared.size).toBe(1);
    await b.return(undefined);
    expect(shared.size).toBe(0);
    expect(f.sourcesOpen()).toBe(0);
  });

  it('drops a subscriber that stops reading, without holding up the others', async () => {
    const f = fixture();
    const slow: unknown[] = [];
    const shared = new SharedSubscriptions({
      maxQueuedPerSubscriber: 3,
      onSlowSubscriber: (ctx) => slow.push(ctx),
    });
    const reader = (await shared.subscribe({
      schema: f.schema,
      document: doc,
      variableValues: { of: 1 },
      contextValue: 'reader',
    })) as AsyncGenerator<ExecutionResult>;
    const stuck = (await shared.subscribe({
      schema: f.schema,
      document: doc,
      variableValues: { of: 1 },
      contextValue: 'stuck',
    })) as AsyncGenerator<ExecutionResult>;
    const all = take(reader, 6);
    for (let i = 0; i < 6; i++) await f.pubsub.publish('t1', i);
    expect(await all).toEqual([0, 1, 2, 3, 4, 5]);
    expect(slow).toEqual(['stuck']);
    // What it had queued is still delivered, then its stream ends.
    expect(await take(stuck, 3)).toEqual([0, 1, 2]);
    expect((await stuck.next()).done).toBe(true);
  });

  it('passes subscription errors through to the subscriber', async () => {
    const f = fixture();
    const shared = new SharedSubscriptions();
    const result = await shared.subscribe({ schema: f.schema, document: parse('subscription { nope }') });
    expect((result as ExecutionResult).errors?.[0]?.message).toMatch(/nope/);
    expect(shared.size).toBe(0);
  });
});
