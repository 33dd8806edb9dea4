import { Injectable, inject, signal } from '@angular/core';
import { GaitDaysGQL } from '../../../graphql/generated';
import { CodedLoader } from './coded-loader';
import { userTimeZone } from '../../../shared/gait-format';
import { rangeStart, type GaitHistoryData, type GaitRange } from './gait-days';

export type GaitHistoryState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly data: GaitHistoryData; readonly now: number }
  | { readonly kind: 'archive-off'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/**
 * A patient's gait per local day over the last 14 or 30 days, beside their own baseline (the 14
 * days before), from `gaitHistory`. ARCHIVE_UNAVAILABLE (archive off or unreachable) is a state
 * of its own: the live panel still works without it.
 */
@Injectable()
export class GaitHistoryStore {
  private readonly gql = inject(GaitDaysGQL);
  private readonly loader = new CodedLoader();
  private patientId: number | null = null;

  readonly days = signal<GaitRange>(14);
  readonly state = signal<GaitHistoryState>({ kind: 'loading' });

  connect(patientId: number): void {
    this.patientId = patientId;
    void this.load();
  }

  choose(days: GaitRange): void {
    this.days.set(days);
    void this.load();
  }

  async load(): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    this.loader.invalidate();
    this.state.set({ kind: 'loading' });
    const now = Date.now();
    const answer = await this.loader.load(() =>
      this.gql.fetch({
        variables: {
          patientId,
          from: new Date(rangeStart(now, this.days())).toISOString(),
          to: new Date(now).toISOString(),
          timeZone: userTimeZone(),
        },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    if (answer.ok) this.state.set({ kind: 'ok', data: answer.data.gaitHistory, now });
    else if (answer.code === 'ARCHIVE_UNAVAILABLE')
      this.state.set({ kind: 'archive-off', message: answer.error });
    else this.state.set({ kind: 'error', message: answer.error });
  }
}
