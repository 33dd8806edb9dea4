import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  TopPatientNamesGQL,
  TopPatientsGQL,
  type RankingMetric,
  type TopPatientsQuery,
} from '../../../graphql/generated';
import { displayName } from '../../../shared/patient';
import { QueryLoader } from '../../../shared/query-loader';
import { METRICS, barShare, rankingValue } from './top-patients';

/** The last 24 hours, asked again this often (the rankings are to the minute). */
export const TOP_RANGE_MS = 24 * 3_600_000;
export const TOP_REFRESH_MS = 60_000;
export const TOP_COUNT = 10;

type Ranking = TopPatientsQuery['topPatients'][number];

/**
 * The overview's "top 10" of the last 24 hours by one metric (episodes, flagged time, data gaps,
 * left/right imbalance), each patient linking to their page. Folds away (a details element).
 */
@Component({
  selector: 'pl-top-patients-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <details class="panel" open>
      <summary>
        <h2 class="panel-title" id="top-patients-title">Top 10 · last 24 h</h2>
        <span class="muted sub">{{ hint() }}</span>
      </summary>
      <div class="segmented" role="group" aria-label="Rank patients by">
        @for (m of metrics; track m.metric) {
          <button
            type="button"
            class="btn"
            [attr.aria-pressed]="metric() === m.metric"
            (click)="choose(m.metric)"
          >
            {{ m.label }}
          </button>
        }
      </div>
      @if (error(); as error) {
        <div class="state small" role="status">
          <strong>The top 10 is not available just now</strong>
          <span class="muted">{{ error }}</span>
          <button type="button" class="btn" (click)="load()">Try again</button>
        </div>
      } @else if (rankings() === null) {
        <div class="skeleton rows" aria-busy="true" aria-label="Loading the top 10"></div>
      } @else if (rankings()!.length === 0) {
        <p class="state small">No archived readings in the last 24 hours yet.</p>
      } @else if (rows().length === 0) {
        <p class="state small">No patient had any {{ hint() }} in the last 24 hours.</p>
      } @else {
        <ol aria-labelledby="top-patients-title" [attr.aria-busy]="loading()">
          @for (row of rows(); track row.patientId) {
            <li>
              <span class="rank tabular" aria-hidden="true">{{ row.rank }}</span>
              <a [routerLink]="['/patients', row.patientId]" [attr.aria-label]="row.label">{{ row.name }}</a>
              <span class="value tabular">{{ row.value }}</span>
              <span class="bar" aria-hidden="true"><span [style.width.%]="row.share * 100"></span></span>
            </li>
          }
        </ol>
      }
    </details>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 1rem;
    }
    details.panel {
      padding-top: 0.6rem;
      padding-bottom: 0.6rem;
    }
    summary {
      display: flex;
      align-items: baseline;
      gap: 0.75rem;
      cursor: pointer;
      list-style-position: outside;
    }
    summary::marker {
      color: var(--ink-faint);
    }
    .panel-title {
      display: inline;
      margin: 0;
      font-size: 1rem;
    }
    .sub {
      font-size: 0.85rem;
    }
    .segmented {
      display: inline-flex;
      margin: 0.6rem 0 0.5rem;
    }
    .segmented .btn {
      border-radius: 0;
      margin-left: -1px;
      padding: 0.2rem 0.7rem;
      font-size: 0.85rem;
    }
    .segmented .btn:first-child {
      border-radius: 0.5rem 0 0 0.5rem;
    }
    .segmented .btn:last-child {
      border-radius: 0 0.5rem 0.5rem 0;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr));
      gap: 0.35rem 1.25rem;
    }
    li {
      display: grid;
      grid-template-columns: 1.6rem minmax(0, 1fr) auto;
      grid-template-rows: auto 4px;
      align-items: baseline;
      column-gap: 0.4rem;
      font-size: 0.9rem;
    }
    .rank {
      color: var(--ink-faint);
      font-weight: 650;
      text-align: right;
    }
    li a {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .value {
      color: var(--ink-soft);
      font-size: 0.82rem;
    }
    .bar {
      grid-column: 2 / 4;
      height: 4px;
      background: var(--line);
      border-radius: 2px;
      overflow: hidden;
    }
    .bar span {
      display: block;
      height: 100%;
      background: var(--accent, #1f6f8b);
    }
    .rows {
      height: 3.6rem;
    }
    .state.small {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      padding: 0.5rem 0;
      margin: 0;
    }
  `,
})
export class TopPatientsPanelComponent {
  private readonly rankingsGql = inject(TopPatientsGQL);
  private readonly namesGql = inject(TopPatientNamesGQL);
  private readonly loader = new QueryLoader();

  protected readonly metrics = METRICS;
  protected readonly metric = signal<RankingMetric>('EPISODES');
  protected readonly rankings = signal<readonly Ranking[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly names = signal<ReadonlyMap<number, string>>(new Map());

  protected readonly hint = computed(() => METRICS.find((m) => m.metric === this.metric())!.hint);

  protected readonly rows = computed(() => {
    const metric = this.metric();
    // A zero is nothing to point staff at, whatever its rank.
    const list = (this.rankings() ?? []).filter((r) => r.value > 0);
    const highest = Math.max(0, ...list.map((r) => r.value));
    return list.map((r) => {
      const name = this.names().get(r.patientId) ?? `Patient ${r.patientId}`;
      const value = rankingValue(metric, r.value);
      return {
        patientId: r.patientId,
        rank: r.rank,
        name,
        value,
        label: `${r.rank}. ${name}: ${value}`,
        share: barShare(metric, r.value, highest),
      };
    });
  });

  constructor() {
    void this.loadNames();
    void this.load();
    const timer = setInterval(() => void this.load(), TOP_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected choose(metric: RankingMetric): void {
    if (metric === this.metric()) return;
    this.metric.set(metric);
    this.rankings.set(null);
    void this.load();
  }

  /** The ranking of the last 24 hours by the chosen metric; an older answer is dropped. */
  protected async load(): Promise<void> {
    const to = Date.now();
    const metric = this.metric();
    this.loader.invalidate();
    this.loading.set(true);
    const answer = await this.loader.load(() =>
      this.rankingsGql.fetch({
        variables: {
          metric,
          from: new Date(to - TOP_RANGE_MS).toISOString(),
          to: new Date(to).toISOString(),
          first: TOP_COUNT,
        },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.loading.set(false);
    if (!answer.ok) {
      this.error.set(answer.error);
      return;
    }
    this.error.set(null);
    this.rankings.set(answer.data.topPatients);
  }

  private async loadNames(): Promise<void> {
    const answer = await new QueryLoader().load(() => this.namesGql.fetch());
    // Without names the ranks still read ("Patient 12"): nothing to show staff.
    if (answer?.ok) this.names.set(new Map(answer.data.patients.map((p) => [p.id, displayName(p)])));
  }
}
