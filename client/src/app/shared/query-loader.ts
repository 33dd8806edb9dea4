import { firstValueFrom, type Observable } from 'rxjs';
import { messageOf } from './error-message';

/** The part of an Apollo query result a store reads (apollo-angular's `fetch` emits these). */
export interface QueryResultLike<T> {
  readonly data?: T | null | undefined;
  readonly error?: unknown;
}

/** A query's data, or the message to show staff when it failed. */
export type QueryAnswer<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: string };

/**
 * One store's queries, with the answers it no longer wants dropped. A store asks again when
 * staff switch patient or the list refreshes; an answer to the earlier question can still come
 * back later (a slow server, a retried request) and must not overwrite the newer one. So the
 * store calls `invalidate()` when it starts over, and `load()` answers null for anything asked
 * before that, which the store simply ignores.
 */
export class QueryLoader {
  private generation = 0;

  /** Answers to every query started so far will be dropped (the store starts over). */
  invalidate(): void {
    this.generation++;
  }

  /**
   * Runs the query (the first result is the answer) and says what came of it: its data, the
   * error's message (a throw, an error result, or no data at all), or null when `invalidate()`
   * was called meanwhile. Never rejects, so a store needs no try/catch of its own.
   */
  async load<T>(query: () => Observable<QueryResultLike<T>>): Promise<QueryAnswer<T> | null> {
    const generation = this.generation;
    let answer: QueryAnswer<T>;
    try {
      const result = await firstValueFrom(query());
      // Apollo answers `data: undefined` with an `error` rather than throwing, depending on
      // the error policy; a store wants one failure path either way.
      if (result.data === null || result.data === undefined) throw result.error ?? new Error('No data');
      answer = { ok: true, data: result.data };
    } catch (error) {
      answer = { ok: false, error: messageOf(error) };
    }
    return generation === this.generation ? answer : null;
  }
}
