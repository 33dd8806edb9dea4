import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SensorStats } from '../../shared/window-stats';
import {
  SensorStatsTableComponent,
  type SensorStatsRow,
  type StatsColumn,
} from './sensor-stats-table.component';

const COLUMNS: readonly StatsColumn[] = [
  { label: 'Min' },
  { label: 'Mean' },
  { label: 'Max' },
  { label: 'Last', strong: true },
];

/** Min, mean, max and last of each sensor over the traces' window. */
@Component({
  selector: 'pl-window-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SensorStatsTableComponent],
  template: `
    @if (rows().length === 0) {
      <p class="state">No readings in the window yet.</p>
    } @else {
      <pl-sensor-stats-table [columns]="columns" [rows]="rows()" [caption]="caption()" />
    }
  `,
})
export class WindowStatsComponent {
  readonly stats = input.required<readonly SensorStats[]>();
  readonly windowLabel = input('');

  protected readonly columns = COLUMNS;
  protected readonly caption = computed(() => `Statistics per sensor over the ${this.windowLabel()} window`);
  protected readonly rows = computed((): SensorStatsRow[] =>
    this.stats().map((s, sensor) => ({ sensor, cells: [s.min, Math.round(s.mean), s.max, s.last] })),
  );
}
