/**
 * A small generator of hostile GraphQL requests for fuzzing Plantar's HTTP and WebSocket endpoints.
 * Deterministic for a seed, so a failing case can be replayed. Each case is invalid by
 * construction (the server must reject it); `mutated` cases are random edits of valid documents
 * that may or may not stay valid (the server must answer them cleanly either way).
 */

/** mulberry32: small, fast, good enough to pick test cases. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  /** Which generator made it, for reports. */
  kind: string;
  /** Must be refused (true) or may succeed if the random edit happened to keep it valid (false). */
  mustReject: boolean;
  /** The operation as JSON fields; `raw` replaces the whole HTTP body / WS message when set. */
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  raw?: string;
}

/** Queries and subscriptions that are valid against Plantar's schema (no mutations: they change state). */
export const VALID_DOCUMENTS = [
  '{ patients { id firstName lastName birthYear disabled status lastReadingAt anomalyCount } }',
  'query History($id: Int!) { readings(patientId: $id, last: 30) { at traceId anomaly sensors { id name foot value anomaly } } }',
  'query A($id: Int!, $after: String) { anomalies(patientId: $id, first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { at sensors { value } } } } }',
  '{ patient(id: 1) { id status latest { at sensors { value } } } }',
  'subscription Live($ids: [Int!]) { readings(patientIds: $ids) { patientId at sensors { name value } } }',
  'subscription { anomalies { patientId at } }',
];

const FIELDS = ['patients', 'patient', 'readings', 'anomalies', 'sensors', 'latest', 'id', 'value', 'at'];
const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '@',
  '!',
  '=',
  '|',
  '&',
  '...',
  ',',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'true',
  'null',
  '"x"',
  '"""block"""',
  '1',
  '-0',
  '1e309',
  '0x1f',
  '__schema',
  '__typename',
  'startPolling',
  'stopPolling',
  '\\u0000',
  '#comment\n',
  ...FIELDS,
];

export function generateCases(count: number, seed: number): FuzzCase[] {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const valid = () => pick(VALID_DOCUMENTS);

  const generators: (() => FuzzCase)[] = [
    // Deep nesting of selections (unknown fields below the schema's depth, or beyond the limit).
    () => {
      const depth = int(11, 400);
      return {
        kind: 'deep-selection',
        mustReject: true,
        query: `{ patients ${'{ latest '.repeat(depth)}{ at }${' }'.repeat(depth)} }`,
      };
    },
    // Deeply nested list literals in an argument.
    () => {
      const depth = int(2, 300);
      return {
        kind: 'deep-list-literal',
        mustReject: true,
        query: `{ readings(patientId: ${'['.repeat(depth)}1${']'.repeat(depth)}) { at } }`,
      };
    },
    // Deeply nested variables JSON.
    () => {
      let value: unknown = 1;
      for (let i = int(2, 2000); i > 0; i--) value = [value];
      return {
        kind: 'deep-variables',
        mustReject: true,
        query: 'query($id: Int!) { readings(patientId: $id) { at } }',
        variables: { id: value },
      };
    },
    // Alias bombs, flat or nested.
    () => {
      const n = int(16, 600);
      const field = pick([
        'patients { id }',
        'readings(patientId: 1, last: 3000) { at sensors { value } }',
        '__typename',
      ]);
      return {
        kind: 'alias-bomb',
        mustReject: true,
        query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`,
      };
    },
    () => {
      const n = int(4, 40);
      return {
        kind: 'nested-alias-bomb',
        mustReject: true,
        query: `{ ${Array.from({ length: n }, (_, i) => `p${i}: patients { ${Array.from({ length: n }, (_, j) => `l${j}: latest { at }`).join(' ')} }`).join(' ')} }`,
      };
    },
    // Fields repeated without aliases (merged by GraphQL, but thousands of tokens).
    () => ({
      kind: 'field-repetition',
      mustReject: true,
      query: `{ patients { ${'id '.repeat(int(2001, 20_000))} } }`,
    }),
    // Huge strings: in an Int argument, as an unknown argument, or beyond the payload limit.
    () => {
      const size = pick([1024, 30_000, 60_000, 70_000, 300_000]);
      const s = pick(['x', 'é', '\\u0000', '💥']).repeat(size);
      return {
        kind: `huge-string-${size}`,
        mustReject: true,
        query: pick([`{ patient(id: "${s}") { id } }`, `{ patients(x: "${s}") { id } }`, `{ "${s}" }`]),
      };
    },
    () => ({
      kind: 'huge-variable',
      mustReject: true,
      query: 'query($id: Int!) { patient(id: $id) { id } }',
      variables: { id: 'y'.repeat(pick([100, 50_000, 200_000])) },
    }),
    // Wrong types, literal and in variables.
    () => ({
      kind: 'wrong-literal-type',
      mustReject: true,
      query: pick([
        '{ readings(patientId: "1") { at } }',
        '{ readings(patientId: 1.5) { at } }',
        '{ readings(patientId: 99999999999) { at } }',
        '{ readings(patientId: 1, last: -5) { at } }',
        '{ readings(patientId: 1, last: 100000) { at } }',
        '{ readings(patientId: 1, from: "not a date") { at } }',
        '{ anomalies(patientId: 1, first: 0) { totalCount } }',
        '{ anomalies(patientId: 1, first: 501) { totalCount } }',
        '{ anomalies(patientId: 1, after: "!!not-a-cursor!!") { totalCount } }',
        '{ anomalies(patientId: 1, after: 42) { totalCount } }',
        '{ patient(id: null) { id } }',
        '{ patient(id: true) { id } }',
        '{ patient(id: {a: 1}) { id } }',
        '{ patient { id } }',
        '{ patient(id: 1) }',
        '{ patients { id(x: 1) } }',
        '{ patients { status { x } } }',
        'subscription { readings(patientIds: "all") { at } }',
        'subscription { readings(patientIds: [1, null]) { at } }',
        'subscription { readings(patientIds: [1.5]) { at } }',
        'mutation { startPolling(patientIds: "1") }',
        'mutation { stopPolling(patientIds: [true]) }',
        'mutation { startPolling }',
        'mutation { dropEverything }',
      ]),
    }),
    () => {
      const doc = pick([
        'query($id: Int!) { readings(patientId: $id) { at } }',
        'query($id: Int!, $n: Int) { readings(patientId: $id, last: $n) { at } }',
        'query($ids: [Int!]) { patients { id } }',
        'subscription($ids: [Int!]) { readings(patientIds: $ids) { at } }',
      ]);
      const bad = pick<unknown>([
        'abc',
        '1',
        1.5,
        2 ** 53,
        -(2 ** 40),
        true,
        null,
        {},
        [],
        { $gt: 1 },
        ['1'],
        [null],
        [[1]],
        '2026-13-45T99:99:99Z',
        'NaN',
        '__proto__',
        { __proto__: { polluted: 1 } },
        Array(50).fill({}),
      ]);
      const name = doc.includes('$ids') ? 'ids' : 'id';
      const variables: Record<string, unknown> = name === 'id' ? { id: bad } : { id: 1, [name]: bad };
      if (name === 'ids' && (Array.isArray(bad) ? bad.every((b) => Number.isInteger(b)) : bad === null)) {
        variables['ids'] = 'not a list';
      }
      if (doc.includes('$n')) variables['n'] = pick<unknown>([-1, 1e9, '10', 3.5]);
      return { kind: 'wrong-variable-type', mustReject: true, query: doc, variables };
    },
    // Variables that are not an object; queries that are not strings.
    () => ({
      kind: 'wrong-envelope',
      mustReject: true,
      query: pick<unknown>([valid(), 42, null, [valid()], { query: valid() }, true, '']),
      variables: pick<unknown>(['{"id":1}', [1], 7, 'x', true]),
    }),
    () => ({ kind: 'missing-query', mustReject: true, variables: { id: 1 } }),
    () => ({ kind: 'empty-document', mustReject: true, query: pick(['', ' ', '#only a comment', '\n\t']) }),
    // Syntax garbage: token soup, random characters, truncated documents.
    () => ({
      kind: 'token-soup',
      mustReject: true,
      query: `${pick(['', '{', 'query {', 'subscription {'])} ${Array.from({ length: int(1, 80) }, () => pick(TOKENS)).join(' ')} ${pick(['', '}', '}}', ')'])}`,
    }),
    () => ({
      kind: 'random-chars',
      mustReject: true,
      query: Array.from({ length: int(1, 300) }, () => String.fromCharCode(int(0, 0xffff))).join(''),
    }),
    () => {
      const doc = valid();
      return { kind: 'truncated', mustReject: true, query: doc.slice(0, int(1, doc.length - 2)) };
    },
    // Fragments: cycles, unknown types, spreading on the wrong type, unused.
    () => ({
      kind: 'fragment-abuse',
      mustReject: true,
      query: pick([
        'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
        'query { ...A } fragment A on Query { patients { ...A } }',
        'query { patients { ...P } } fragment P on Nope { id }',
        'query { patients { ...P } } fragment P on Reading { at }',
        'query { patients { id } } fragment Unused on Patient { id }',
        // A chain of 300 fragments: every one used, but far over the token limit.
        `query { ...F0 } ${Array.from({ length: 300 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} patients { id } }`).join(' ')} fragment F300 on Query { patients { id } }`,
      ]),
    }),
    // Directives: bombs, unknown ones, bad arguments.
    () => ({
      kind: 'directive-abuse',
      mustReject: true,
      query: pick([
        `{ patients ${'@skip(if: false) '.repeat(int(11, 200))}{ id } }`,
        '{ patients @nope { id } }',
        '{ patients @skip(if: "yes") { id } }',
        '{ patients @include { id } }',
        `{ patients { id ${'@include(if: true)'.repeat(int(11, 100))} } }`,
      ]),
    }),
    // Operation selection: several operations, a wrong name, anonymous plus named, duplicates.
    () => ({
      kind: 'operation-abuse',
      mustReject: true,
      ...pick<Partial<FuzzCase>>([
        { query: '{ patients { id } } { patients { id } }' },
        { query: 'query A { patients { id } } query B { patients { id } }' },
        { query: 'query A { patients { id } } query A { patients { id } }' },
        { query: 'query A { patients { id } }', operationName: 'B' },
        { query: 'query A { patients { id } }', operationName: 42 },
        { query: 'query A { patients { id } } query B { patients { id } }', operationName: ['A'] },
        { query: 'query ($id: Int!, $id: Int!) { patient(id: $id) { id } }', variables: { id: 1 } },
        { query: 'query ($id: Int!) { patient(id: $id) { id } }' },
        { query: 'query { patient(id: $undefined) { id } }' },
      ]),
    }),
    // Introspection made deep (depth, alias and cost limits apply to it too).
    () => ({
      kind: 'deep-introspection',
      mustReject: true,
      query: ((d: number) =>
        `{ __schema { types { fields { type ${'{ ofType '.repeat(d)}{ name }${' }'.repeat(d)} } } } }`)(
        int(20, 60),
      ),
    }),
    () => ({
      kind: 'introspection-alias-bomb',
      mustReject: true,
      query: `{ ${Array.from({ length: int(16, 200) }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }`,
    }),
    // Raw bodies that are not a GraphQL request at all.
    () => ({
      kind: 'raw-body',
      mustReject: true,
      raw: pick([
        '',
        'null',
        '[]',
        `[${Array.from({ length: 50 }, () => JSON.stringify({ query: '{ patients { id } }' })).join(',')}]`,
        '{"query": "{ patients { id } }"',
        '{"query": "\\ud800"}',
        "{'query': '{ patients { id } }'}",
        '\u0000\u0001\u0002',
        '{"__proto__": {"query": "{ patients { id } }"}}',
        '{"query": {"$ne": null}}',
        `{"query": "{ patients { id } }", "variables": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
        `{"query": "${'x'.repeat(70_000)}"}`,
        '{"query":"{ patients { id } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}',
      ]),
    }),
  ];

  const mutate = (): FuzzCase => {
    let doc = valid();
    for (let edits = int(1, 4); edits > 0; edits--) {
      const at = int(0, doc.length);
      const op = int(0, 2);
      if (op === 0) doc = doc.slice(0, at) + doc.slice(at + int(1, 6));
      else if (op === 1) doc = doc.slice(0, at) + pick(TOKENS) + doc.slice(at);
      else doc = doc.slice(0, at) + String.fromCharCode(int(32, 126)) + doc.slice(at + 1);
    }
    return {
      kind: 'mutated',
      mustReject: false,
      query: doc,
      variables: { id: int(-2, 8), ids: [int(1, 6)] },
    };
  };

  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    // Every generator in turn first, then at random; one case in five a random edit.
    if (i < generators.length) cases.push(generators[i]!());
    else cases.push(rnd() < 0.2 ? mutate() : pick(generators)());
  }
  return cases;
}

/** Codes a client may see for a refused request; INTERNAL_SERVER_ERROR is never one of them. */
export const CLEAN_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
]);

/** Signs of internals leaking: stack frames, source paths, module names, raw exception text. */
export const LEAK =
  /\n\s+at |\bat [\w.<>]+ \(|\.(ts|js|cjs|mjs):\d+|node_modules|stacktrace|\bexception\b|ECONN|ioredis/i;
