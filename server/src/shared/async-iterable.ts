/** True for anything `for await` can consume (graphql-js's own check is not exported). */
export function isAsyncIterable<T = unknown>(value: unknown): value is AsyncIterableIterator<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
