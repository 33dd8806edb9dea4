import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { SENSORS } from '../../shared/sample';
import { SERIES_STYLES } from './trace-chart.component';

export interface StatsColumn {
  readonly label: string;
  /** What the column means, where the label alone does not say. */
  readonly title?: string;
  /** The column to read first (the live window's last value). */
  readonly strong?: boolean;
}

export interface SensorStatsRow {
  /** Sensor id 0..5 (L0..R2): gives the row its name, place and the chart's line colour. */
  readonly sensor: number;
  readonly cells: readonly (string | number)[];
}

/**
 * One row a sensor, its colour swatch matching the chart's line, the right foot set off from the
 * left: the live window's statistics and a history range's share this table so the two read alike.
 */
@Component({
  selector: 'pl-sensor-stats-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table>
      <caption class="visually-hidden">
        {{
          caption()
        }}
      </caption>
      <thead>
        <tr>
          <th scope="col">Sensor</th>
          @for (column of columns(); track column.label) {
            <th scope="col" [attr.title]="column.title ?? null">{{ column.label }}</th>
          }
        </tr>
      </thead>
      <tbody>
        @for (row of view(); track row.name) {
          <tr [class.foot-start]="row.footStart">
            <th scope="row">
              <span class="swatch" [style.border-color]="row.colour"></span>
              <span class="sensor-name">{{ row.name }}</span>
              <span class="muted place">{{ row.label }}</span>
            </th>
            @for (cell of row.cells; track $index) {
              <td [class.strong]="columns()[$index]?.strong">{{ cell }}</td>
            }
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
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
    .strong {
      font-weight: 700;
    }
  `,
})
export class SensorStatsTableComponent {
  readonly columns = input.required<readonly StatsColumn[]>();
  readonly rows = input.required<readonly SensorStatsRow[]>();
  /** Read by screen readers only: what the figures are of. */
  readonly caption = input.required<string>();

  protected readonly view = computed(() =>
    this.rows().map((row) => ({
      name: SENSORS[row.sensor].name,
      label: SENSORS[row.sensor].label,
      colour: SERIES_STYLES[row.sensor % 3].color,
      footStart: row.sensor === 3,
      cells: row.cells,
    })),
  );
}
