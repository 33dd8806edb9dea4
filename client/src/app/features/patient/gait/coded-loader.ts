import { firstValueFrom, type Observable } from 'rxjs';
import { messageOf } from '../../../shared/error-message';
import type { QueryResultLike } from '../../../shared/query-loader';
import { errorCodeOf } from '../../../shared/gait-format';

/** A query's data, or its error's message and `extensions.code` (FEATURE_OFF, ARCHIVE_UNAVAILABLE…). */
export type CodedAnswer<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: string; readonly code: string | null };

/**
 * QueryLoader (shared/query-loader.ts) with the error's code kept: the gait views say "this
 * server has gait off" or "the archive is off" calmly instead of as a failure. An answer to a
 * question asked before `invalidate()` comes back as null and is ignored.
 */
export class CodedLoader {
  private generation = 0;

  invalidate(): void {
    this.generation++;
  }

  async load<T>(query: () => Observable<QueryResultLike<T>>): Promise<CodedAnswer<T> | null> {
    const generation = this.generation;
    let answer: CodedAnswer<T>;
    try {
      const result = await firstValueFrom(query());
      if (result.data === null || result.data === undefined) throw result.error ?? new Error('No data');
      answer = { ok: true, data: result.data };
    } catch (error) {
      answer = { ok: false, error: messageOf(error), code: errorCodeOf(error) };
    }
    return generation === this.generation ? answer : null;
  }
}
