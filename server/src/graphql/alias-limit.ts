import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Counts every alias in the document, `__typename` included (graphql-armor's rule exempts it, so
 * `{ a0: __typename … a9999: __typename }` slipped through).
 */
export function aliasLimitRule(max: number): ValidationRule {
  return (context) => {
    let count = 0;
    let reported = false;
    return {
      Field(node) {
        if (node.alias === undefined || reported) return;
        count++;
        if (count > max) {
          reported = true;
          context.reportError(new GraphQLError(`Aliases limit of ${max} exceeded`, { nodes: [node] }));
        }
      },
    };
  };
}
