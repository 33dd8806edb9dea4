import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import { flaggedSensors, SENSORS, type Sample } from '../../shared/sample';
import { AnomaliesStore } from './anomalies.store';

/** Paged list of anomalous readings, newest first; a row opens the traces around it. */
@Component({
  selector: 'pl-anomalies-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.loading()) {
      <div class="skeleton rows" aria-busy="true" aria-label="Loading anomalies"></div>
    } @else if (store.error() && store.rows().length === 0) {
      <!-- Calm, not an alert: the list fetches itself again, and nothing is lost meanwhile. -->
      <div class="state" role="status">
        <strong>Anomalies are not available just now</strong>
        <span>
          @if (store.retryAt()) {
            Trying again by itself in a few seconds, and as soon as the connection is back.
          } @else {
            Trying again…
          }
        </span>
        <span class="muted detail">Server said: {{ store.error() }}</span>
        <button type="button" class="btn" (click)="store.retryNow()">Try now</button>
      </div>
    } @else if (store.rows().length === 0) {
      <div class="state">
        <strong>No anomalies recorded</strong>
        <span>Flagged readings will appear here as they happen.</span>
      </div>
    } @else {
      @if (store.unseen() > 0) {
        <button type="button" class="btn new" (click)="store.firstPage()">
          {{ store.unseen() }} new — show newest
        </button>
      }
      <div class="scroll">
        <table>
          <caption class="visually-hidden">
            Anomalous readings, newest first. Choose a row to show the traces from 5 seconds before to 5
            seconds after.
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Flagged</th>
              @for (s of sensors; track s.id) {
                <th scope="col" class="num" [title]="s.label">{{ s.name }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.t) {
              <tr [class.selected]="row.t === selected()">
                <td>
                  <button
                    type="button"
                    class="time"
                    (click)="select.emit(row.t)"
                    [attr.aria-pressed]="row.t === selected()"
                    [attr.aria-label]="'Show traces around ' + row.label"
                  >
                    {{ row.time }}
                  </button>
                  @if (row.day !== today()) {
                    <span class="day">{{ row.day }}</span>
                  }
                </td>
                <td class="flags">{{ row.flagged }}</td>
                @for (cell of row.cells; track $index) {
                  <td class="num" [class.flagged]="cell.flagged">
                    {{ cell.value }}
                    @if (cell.flagged) {
                      <span aria-label="flagged">▲</span>
                    }
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Anomaly pages">
        <button type="button" class="btn" (click)="store.previousPage()" [disabled]="store.page() === 0">
          Newer
        </button>
        <span class="muted tabular">
          Page {{ store.page() + 1 }} of {{ store.hasMore() ? store.pageCount() + '+' : store.pageCount() }} ·
          {{ store.totalCount() }} in total
        </span>
        <button
          type="button"
          class="btn"
          (click)="store.nextPage()"
          [disabled]="(store.page() + 1 >= store.pageCount() && !store.hasMore()) || store.loadingMore()"
        >
          {{ store.loadingMore() ? 'Loading…' : 'Older' }}
        </button>
      </nav>
    }
  `,
  styleUrl: './anomalies-table.component.css',
})
export class AnomaliesTableComponent {
  readonly selected = input<number | null>(null);
  readonly select = output<number>();

  protected readonly store = inject(AnomaliesStore);
  private readonly time = inject(TimeDisplay);
  protected readonly sensors = SENSORS;

  private readonly clock = inject(Clock);
  protected readonly today = computed(() => this.time.dateTime(this.clock.now()).slice(0, 10));

  protected readonly rows = computed(() =>
    this.store.pageRows().map((row: Sample) => {
      const flagged = flaggedSensors(row);
      return {
        t: row.t,
        time: this.time.time(row.t, true).slice(0, -2),
        label: this.time.dateTime(row.t),
        day: this.time.dateTime(row.t).slice(0, 10),
        flagged: flagged.length === 6 ? 'all six' : flagged.map((s) => s.name).join(' '),
        // When every sensor is flagged the "Flagged" column says so; marking each cell is noise.
        cells: SENSORS.map((s) => ({
          value: row.v[s.id],
          flagged: flagged.length < 6 && flagged.includes(s),
        })),
      };
    }),
  );
}
