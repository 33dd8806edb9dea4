import { ApolloArmor } from '@escape.tech/graphql-armor';
import { aliasLimitRule } from './alias-limit';

/**
 * Query limits, one set for HTTP and WebSocket alike. Plantar's deepest legitimate query
 * (anomalies → edges → node → sensors → value) is 5 levels; the dashboard uses a handful of
 * aliases at most.
 */
export const LIMITS = {
  /**
   * Deep enough for GraphiQL's introspection query (its type references nest about 13 levels),
   * which is held to the same limit as everything else.
   */
  maxDepth: 15,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  /**
   * graphql-armor's cost multiplies by literal `first`/`last`: the largest legitimate query, ten
   * minutes of history with every field (readings(last: 3000) { … sensors { … } }), costs 66,750.
   */
  maxCost: 100_000,
  /** Bytes of one HTTP request body or one WebSocket message. */
  maxPayloadBytes: 64 * 1024,
  /** Operations running at once on one WebSocket. */
  maxSubscriptionsPerConnection: 50,
} as const;

export function createArmor() {
  const protection = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, ignoreIntrospection: false },
    // Our own rule (alias-limit.ts) counts __typename aliases too.
    maxAliases: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Apollo enforces the token limit in its own parser (parseOptions.maxTokens), which answers
    // 400 GRAPHQL_PARSE_FAILED; armor's plugin throws from parsingDidStart and turns every syntax
    // error into a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: LIMITS.maxCost },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    ...protection,
    validationRules: [...protection.validationRules, aliasLimitRule(LIMITS.maxAliases)],
  };
}
