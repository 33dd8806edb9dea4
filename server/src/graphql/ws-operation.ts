import {
  GraphQLError,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { PlantarErrorCode } from './error-code';
import { LIMITS } from './limits';

/**
 * A graphql-ws `subscribe` payload checked as Apollo checks an HTTP request: the same token limit
 * when parsing, the same operation resolution, the same validation rules (graphql-armor's
 * included), the same codes. Returns the document, or the errors to send (unformatted: the
 * server's `onError` formats them like every other error).
 */
export function checkOperation(
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  payload: SubscribePayload,
): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
  } catch (error) {
    return [
      new GraphQLError((error as Error).message, {
        extensions: { code: PlantarErrorCode.GRAPHQL_PARSE_FAILED },
      }),
    ];
  }
  if (getOperationAST(document, payload.operationName ?? undefined) === null) {
    const message = payload.operationName
      ? `no operation named "${payload.operationName}" in the document`
      : 'the document holds several operations: name the one to run in operationName';
    return [
      new GraphQLError(message, { extensions: { code: PlantarErrorCode.OPERATION_RESOLUTION_FAILURE } }),
    ];
  }
  const errors = validate(schema, document, rules);
  if (errors.length > 0) {
    return errors.map(
      (e) =>
        new GraphQLError(e.message, {
          nodes: e.nodes,
          extensions: { code: PlantarErrorCode.GRAPHQL_VALIDATION_FAILED },
        }),
    );
  }
  return document;
}

/**
 * Request-level execution errors (a variable of the wrong type, say) come from graphql-js without
 * a code and without a path; Apollo calls them BAD_USER_INPUT over HTTP, and so do we.
 */
export function withRequestCode(error: GraphQLError): GraphQLError {
  if (error.extensions['code'] !== undefined || error.path !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: PlantarErrorCode.BAD_USER_INPUT },
  });
}
