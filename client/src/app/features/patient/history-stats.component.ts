import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { SENSORS } from '../../shared/sample';
import type { RangeStats } from './history.store';
import { SERIES_STYLES } from './trace-chart.component';

const percent = (f: number) => `${Math.round(f * 1000) / 10} %`;

/** The range's summary: readings, coverage, flagged readings, episodes, and per sensor figures. */
@Component({
  selector: 'pl-history-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
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
      <table>
        <caption class="visually-hidden">
          Statistics per sensor over the range
          {{
            rangeLabel()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Sensor</th>
            <th scope="col">Min</th>
            <th scope="col">Mean</th>
            <th scope="col">Max</th>
            <th scope="col">Last</th>
            <th scope="col" title="Share of readings at or above 100: the foot on that spot">Loaded</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.name) {
            <tr [class.foot-start]="row.footStart">
              <th scope="row">
                <span class="swatch" [style.border-color]="row.colour"></span>
                <span class="sensor-name">{{ row.name }}</span>
                <span class="muted place">{{ row.label }}</span>
              </th>
              <td>{{ row.min }}</td>
              <td>{{ row.mean }}</td>
              <td>{{ row.max }}</td>
              <td>{{ row.last }}</td>
              <td>{{ row.loaded }}</td>
            </tr>
          }
        </tbody>
      </table>
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
    table {
      width: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
      font-size: 0.92rem;
    }
    th,
    td {
      padding: 0.3rem 0.25rem;
      text-align: right;
      border-bottom: 1px solid var(--line);
    }
    thead th {
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--ink-faint);
      font-weight: 600;
    }
    th[scope='row'],
    thead th:first-child {
      text-align: left;
      font-weight: 500;
      white-space: nowrap;
    }
    tr.foot-start th,
    tr.foot-start td {
      border-top: 2px solid var(--line);
    }
    .sensor-name {
      font-weight: 650;
      margin-right: 0.4rem;
    }
    .place {
      display: block;
      margin-left: 1.65rem;
      line-height: 1.1;
      font-size: 0.8rem;
    }
    .swatch {
      display: inline-block;
      width: 1.2rem;
      border-top: 3px solid;
      vertical-align: middle;
      margin-right: 0.45rem;
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

  protected readonly rows = computed(() =>
    this.stats().sensors.map((s) => {
      const sensor = SENSORS.find((x) => x.name === s.name);
      const i = sensor?.id ?? 0;
      return {
        name: s.name,
        label: sensor?.label ?? '',
        colour: SERIES_STYLES[i % 3].color,
        footStart: i === 3,
        min: Math.round(s.min),
        mean: Math.round(s.mean),
        max: Math.round(s.max),
        last: s.last === null ? '–' : Math.round(s.last),
        loaded: percent(s.loadedFraction),
      };
    }),
  );
}
