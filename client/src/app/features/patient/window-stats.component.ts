import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { SENSORS } from '../../shared/sample';
import type { SensorStats } from '../../shared/window-stats';
import { SERIES_STYLES } from './trace-chart.component';

/** Min, mean, max and last of each sensor over the traces' window. */
@Component({
  selector: 'pl-window-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (rows().length === 0) {
      <p class="state">No readings in the window yet.</p>
    } @else {
      <table>
        <caption class="visually-hidden">
          Statistics per sensor over the
          {{
            windowLabel()
          }}
          window
        </caption>
        <thead>
          <tr>
            <th scope="col">Sensor</th>
            <th scope="col">Min</th>
            <th scope="col">Mean</th>
            <th scope="col">Max</th>
            <th scope="col">Last</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.name) {
            <tr [class.foot-start]="row.footStart">
              <th scope="row">
                <span
                  class="swatch"
                  [style.border-color]="row.colour"
                  [style.border-top-style]="row.dash"
                ></span>
                <span class="sensor-name">{{ row.name }}</span>
                <span class="muted place">{{ row.label }}</span>
              </th>
              <td>{{ row.min }}</td>
              <td>{{ row.mean }}</td>
              <td>{{ row.max }}</td>
              <td class="last">{{ row.last }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
  styles: `
    table {
      width: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    table {
      font-size: 0.92rem;
    }
    th,
    td {
      padding: 0.3rem 0.3rem;
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
    .muted {
      font-size: 0.8rem;
    }
    .place {
      display: block;
      margin-left: 1.65rem;
      line-height: 1.1;
    }
    .swatch {
      display: inline-block;
      width: 1.2rem;
      border-top: 3px solid;
      vertical-align: middle;
      margin-right: 0.45rem;
    }
    .last {
      font-weight: 700;
    }
  `,
})
export class WindowStatsComponent {
  readonly stats = input.required<readonly SensorStats[]>();
  readonly windowLabel = input('');

  protected readonly rows = computed(() =>
    this.stats().map((s, i) => ({
      name: SENSORS[i].name,
      label: SENSORS[i].label,
      colour: SERIES_STYLES[i % 3].color,
      dash: SERIES_STYLES[i % 3].type,
      footStart: i === 3,
      min: s.min,
      mean: Math.round(s.mean),
      max: s.max,
      last: s.last,
    })),
  );
}
