/** True for anything `for await` can consume (graphql-js's own check is not exported). */
export function isAsyncIterable<T = unknown>(value: unknown): value is AsyncIterableIterator<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * `source` with each value passed through `map`. Not an async generator: a generator waiting in
 * `source.next()` cannot be returned until the next value arrives, so an unsubscribed live feed
 * would hold its channel until the patient's next event; here `return` reaches `source` at once.
 */
export function mapAsyncIterator<T, U>(
  source: AsyncIterableIterator<T>,
  map: (value: T) => U,
): AsyncIterableIterator<U> {
  const iterator: AsyncIterableIterator<U> = {
    next: async () => {
      const result = await source.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: map(result.value) };
    },
    return: async () => {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
