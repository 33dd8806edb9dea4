import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { SENSORS } from '../../shared/sample';
import type { RangeStats } from './history.store';
import {
  SensorStatsTableComponent,
  type SensorStatsRow,
  type StatsColumn,
} from './sensor-stats-table.component';

const percent = (f: number) => `${Math.round(f * 1000) / 10} %`;

const COLUMNS: readonly StatsColumn[] = [
  { label: 'Min' },
  { label: 'Mean' },
  { label: 'Max' },
  { label: 'Last' },
  { label: 'Loaded', title: 'Share of readings at or above 100: the foot on that spot' },
];

/** The range's summary: readings, coverage, flagged readings, episodes, and per sensor figures. */
@Component({
  selector: 'pl-history-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SensorStatsTableComponent],
  template: `
    <dl class="facts">
      @for (fact of facts(); track fact.term) {
        <div>
          <dt>{{ fact.term }}</dt>
          <dd class="tabular">{{ fact.value }}</dd>
        </div>
      }
    </dl>
    @if (rows().length === 0) {
      <p class="muted none">No readings in this range.</p>
    } @else {
      <pl-sensor-stats-table [columns]="columns" [rows]="rows()" [caption]="caption()" />
    }
  `,
  styles: `
    .facts {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.5rem 1rem;
      margin: 0 0 0.75rem;
    }
    .facts div {
      display: flex;
      flex-direction: column;
    }
    dt {
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--ink-faint);
    }
    dd {
      margin: 0;
      font-size: 1.15rem;
      font-weight: 650;
    }
    .none {
      margin: 0;
    }
  `,
})
export class HistoryStatsComponent {
  readonly stats = input.required<RangeStats>();
  readonly rangeLabel = input('');

  protected readonly facts = computed(() => {
    const s = this.stats();
    return [
      { term: 'Readings', value: s.readingCount.toLocaleString('en-GB') },
      { term: 'Coverage', value: percent(s.coverage) },
      { term: 'Flagged readings', value: s.anomalyCount.toLocaleString('en-GB') },
      { term: 'Episodes', value: String(s.episodeCount) },
    ];
  });

  protected readonly columns = COLUMNS;
  protected readonly caption = computed(() => `Statistics per sensor over the range ${this.rangeLabel()}`);
  protected readonly rows = computed((): SensorStatsRow[] =>
    this.stats().sensors.map((s) => ({
      sensor: SENSORS.find((x) => x.name === s.name)?.id ?? 0,
      cells: [
        Math.round(s.min),
        Math.round(s.mean),
        Math.round(s.max),
        s.last === null ? '–' : Math.round(s.last),
        percent(s.loadedFraction),
      ],
    })),
  );
}
