import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import { KIND_LABELS, SEVERITY_LABELS } from '../../shared/episode';
import type { FootSide } from '../../shared/sample';
import { HistoryChartComponent } from './history-chart.component';
import {
  RANGE_PRESETS,
  customRangeProblem,
  parseDateTimeInput,
  resolutionText,
  spanText,
  toDateTimeInput,
  zoomedIn,
  zoomedOut,
  type RangeKey,
} from './history-range';
import { HistoryStatsComponent } from './history-stats.component';
import { HistoryStore } from './history.store';

/**
 * A patient's history: a range picker (1 h, 24 h, 7 d, 30 d ending now, or a custom range in the
 * shown time zone), the min/max band and mean of every sensor per foot, zooming down to raw
 * readings, the range's statistics and episodes, and CSV downloads.
 */
@Component({
  selector: 'pl-history-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HistoryChartComponent, HistoryStatsComponent],
  providers: [HistoryStore],
  template: `
    <div class="head">
      <h2 id="history-title" class="panel-title">
        History
        <span class="muted sub">{{ rangeText() }} · {{ time.zoneName() }}</span>
      </h2>
      <div class="controls">
        <div class="segmented" role="group" aria-label="History range">
          @for (p of presets; track p.key) {
            <button
              type="button"
              class="btn"
              [attr.aria-pressed]="store.rangeKey() === p.key"
              (click)="choose(p.key)"
            >
              {{ p.label }}
            </button>
          }
          <button
            type="button"
            class="btn"
            id="history-custom"
            [attr.aria-pressed]="store.rangeKey() === 'custom'"
            [attr.aria-expanded]="customOpen()"
            aria-controls="history-custom-form"
            (click)="openCustom()"
          >
            Custom…
          </button>
        </div>
        <button type="button" class="btn" (click)="store.refresh()" [disabled]="store.history().loading">
          {{ store.rangeKey() === 'custom' ? 'Reload' : 'Update to now' }}
        </button>
        <button
          type="button"
          class="btn primary"
          (click)="store.download('READINGS')"
          [disabled]="!store.exportable() || store.exporting() !== null"
          [attr.aria-describedby]="store.exportable() ? null : 'history-export-limit'"
        >
          {{ store.exporting() === 'READINGS' ? 'Preparing…' : 'Download CSV' }}
        </button>
        <button
          type="button"
          class="btn"
          (click)="store.download('EPISODES')"
          [disabled]="!store.exportable() || store.exporting() !== null"
        >
          {{ store.exporting() === 'EPISODES' ? 'Preparing…' : 'Episodes CSV' }}
        </button>
      </div>
    </div>
    @if (!store.exportable()) {
      <p class="muted note" id="history-export-limit">CSV downloads cover at most 31 days.</p>
    }
    @if (store.exportError(); as error) {
      <p class="note error" role="alert">Could not prepare the download: {{ error }}</p>
    }
    @if (customOpen()) {
      <form
        class="custom"
        id="history-custom-form"
        (submit)="applyCustom($event)"
        (keydown.escape)="closeCustom()"
        aria-label="Custom history range"
      >
        <label>
          <span>From</span>
          <input
            #fromInput
            id="history-from"
            type="datetime-local"
            [value]="customFrom()"
            (input)="customFrom.set(fromInput.value)"
          />
        </label>
        <label>
          <span>To</span>
          <input
            #toInput
            id="history-to"
            type="datetime-local"
            [value]="customTo()"
            (input)="customTo.set(toInput.value)"
          />
        </label>
        <span class="muted">{{ time.zoneName() }}</span>
        <button type="submit" class="btn primary">Show</button>
        <button type="button" class="btn" (click)="closeCustom()">Cancel</button>
        @if (customProblem(); as problem) {
          <span class="problem" role="alert">{{ problem }}</span>
        }
      </form>
    }
    <div class="body">
      <div class="charts-col">
        <div class="zoom-bar">
          <span class="muted tabular" aria-live="polite">
            @if (store.zoomed()) {
              Zoomed to {{ viewText() }}
            } @else {
              Whole range
            }
            @if (history()) {
              · {{ resolution() }}
            }
            @if (store.history().loading && history()) {
              · loading finer data…
            }
          </span>
          <span class="zoom-buttons">
            <button type="button" class="btn small" (click)="zoomIn()" [disabled]="!canZoomIn()">
              Zoom in
            </button>
            <button type="button" class="btn small" (click)="zoomOut()" [disabled]="!store.zoomed()">
              Zoom out
            </button>
            <button type="button" class="btn small" (click)="store.resetZoom()" [disabled]="!store.zoomed()">
              Whole range
            </button>
          </span>
        </div>
        @if (store.history().error; as error) {
          <div class="state" role="alert">
            <strong>Could not load the history</strong>
            <span>{{ error }}</span>
            <button type="button" class="btn" (click)="store.refresh()">Try again</button>
          </div>
        } @else if (!history()) {
          <div class="skeleton chart-skeleton" aria-busy="true" aria-label="Loading history"></div>
        } @else if (empty()) {
          <div class="state">
            <strong>No readings stored in this range</strong>
            <span>{{
              store.zoomed() ? 'Zoom out to see more.' : 'Choose a longer range, or an earlier one.'
            }}</span>
          </div>
        } @else {
          @for (foot of feet; track foot.side) {
            <div>
              <h3 class="chart-title">{{ foot.title }}</h3>
              <pl-history-chart
                [foot]="foot.side"
                [history]="history()!"
                [view]="store.view()"
                [episodes]="store.episodes()"
                [utc]="time.utc()"
                (zoomed)="store.zoomTo($event)"
              />
            </div>
          }
          <p class="muted hint">
            Scroll or drag on a chart to zoom in; the finer readings load by themselves.
          </p>
        }
      </div>
      <section class="stats-col" aria-labelledby="history-stats-title">
        <h3 id="history-stats-title" class="chart-title">Statistics for the range</h3>
        @if (store.summary().error; as error) {
          <p class="state small" role="alert">Could not load the statistics: {{ error }}</p>
        } @else if (store.summary().data; as summary) {
          <pl-history-stats [stats]="summary.stats" [rangeLabel]="rangeText()" />
          <h3 class="chart-title episodes-title">Episodes in the range</h3>
          @if (episodeRows().length === 0) {
            <p class="muted none">None started in this range.</p>
          } @else {
            <ul class="episodes">
              @for (e of episodeRows(); track e.id) {
                <li>
                  <span class="sev" [class]="e.severityClass">{{ e.severity }}</span>
                  {{ e.kind }} <span class="muted tabular">{{ e.at }}</span>
                </li>
              }
            </ul>
            @if (summary.episodes.totalCount > episodeRows().length) {
              <p class="muted none">and {{ summary.episodes.totalCount - episodeRows().length }} more</p>
            }
          }
        } @else {
          <div class="skeleton stats-skeleton" aria-busy="true" aria-label="Loading statistics"></div>
        }
      </section>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: flex-start;
      gap: 0.5rem 1rem;
      flex-wrap: wrap;
    }
    .sub {
      font-weight: 400;
      font-size: 0.85rem;
    }
    .controls {
      display: flex;
      gap: 0.6rem;
      flex-wrap: wrap;
    }
    .segmented {
      display: inline-flex;
    }
    .segmented .btn {
      border-radius: 0;
      margin-left: -1px;
    }
    .segmented .btn:first-child {
      border-radius: 0.5rem 0 0 0.5rem;
    }
    .segmented .btn:last-child {
      border-radius: 0 0.5rem 0.5rem 0;
    }
    .note {
      margin: 0.25rem 0 0.5rem;
      font-size: 0.88rem;
    }
    .error,
    .problem {
      color: var(--flag);
    }
    .custom {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.5rem 0.9rem;
      margin: 0.5rem 0 0.75rem;
      padding: 0.6rem 0.75rem;
      background: var(--accent-soft);
      border-radius: 0.5rem;
    }
    .custom label {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      font-size: 0.85rem;
    }
    .custom input {
      padding: 0.3rem 0.4rem;
      border: 1px solid var(--line);
      border-radius: 0.4rem;
      background: var(--surface);
      color: var(--ink);
    }
    .body {
      display: grid;
      grid-template-columns: minmax(0, 2fr) minmax(21rem, 1fr);
      gap: 1rem 1.5rem;
      align-items: start;
      margin-top: 0.5rem;
    }
    @media (max-width: 1100px) {
      .body {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .zoom-bar {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
      font-size: 0.88rem;
    }
    .zoom-buttons {
      display: flex;
      gap: 0.4rem;
    }
    .btn.small {
      padding: 0.15rem 0.55rem;
      font-size: 0.82rem;
    }
    .chart-title {
      font-size: 0.85rem;
      font-weight: 600;
      color: var(--ink-soft);
      margin: 0.5rem 0 0;
    }
    .episodes-title {
      margin-top: 1rem;
    }
    .chart-skeleton {
      height: 26rem;
      margin-top: 0.5rem;
    }
    .stats-skeleton {
      height: 14rem;
    }
    .state {
      min-height: 12rem;
    }
    .state.small {
      min-height: 0;
      padding: 1rem;
    }
    .hint,
    .none {
      margin: 0.25rem 0 0;
      font-size: 0.85rem;
    }
    .episodes {
      list-style: none;
      margin: 0.35rem 0 0;
      padding: 0;
      display: grid;
      gap: 0.25rem;
      max-height: 12rem;
      overflow: auto;
      font-size: 0.9rem;
    }
  `,
})
export class HistoryViewComponent {
  readonly patientId = input.required<number>();

  protected readonly store = inject(HistoryStore);
  protected readonly time = inject(TimeDisplay);
  private readonly clock = inject(Clock);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly presets = RANGE_PRESETS;
  protected readonly feet: readonly { side: FootSide; title: string }[] = [
    { side: 'left', title: 'Left foot' },
    { side: 'right', title: 'Right foot' },
  ];

  protected readonly customOpen = signal(false);
  protected readonly customFrom = signal('');
  protected readonly customTo = signal('');
  protected readonly customProblem = signal<string | null>(null);

  protected readonly history = computed(() => this.store.history().data);
  protected readonly empty = computed(() => (this.history()?.buckets.length ?? 0) === 0);
  protected readonly rangeText = computed(() => spanText(this.store.range(), this.time.utc()));
  protected readonly viewText = computed(() => spanText(this.store.view(), this.time.utc()));
  protected readonly resolution = computed(() => resolutionText(this.history()?.bucketMs ?? 0));
  protected readonly canZoomIn = computed(() => {
    const v = this.store.view();
    return v.to - v.from > 60_000;
  });
  protected readonly episodeRows = computed(() =>
    this.store
      .episodes()
      .slice(0, 50)
      .map((e) => ({
        id: e.id,
        kind: KIND_LABELS[e.kind],
        severity: SEVERITY_LABELS[e.severity],
        severityClass: e.severity.toLowerCase(),
        at: this.time.dateTime(Date.parse(e.startedAt)),
      })),
  );

  constructor() {
    effect(() => {
      const id = this.patientId();
      untracked(() => this.store.connect(id));
    });
  }

  protected choose(key: Exclude<RangeKey, 'custom'>): void {
    this.customOpen.set(false);
    this.store.choose(key);
  }

  protected openCustom(): void {
    const utc = this.time.utc();
    const range = this.store.range();
    this.customFrom.set(toDateTimeInput(range.from, utc));
    this.customTo.set(toDateTimeInput(range.to, utc));
    this.customProblem.set(null);
    this.customOpen.set(true);
    this.focusLater('history-from');
  }

  protected closeCustom(): void {
    this.customOpen.set(false);
    this.focusLater('history-custom');
  }

  protected applyCustom(event: Event): void {
    event.preventDefault();
    const utc = this.time.utc();
    const from = parseDateTimeInput(this.customFrom(), utc);
    const to = parseDateTimeInput(this.customTo(), utc);
    const problem = customRangeProblem(from, to, this.clock.now());
    this.customProblem.set(problem);
    if (problem !== null || from === null || to === null) return;
    this.customOpen.set(false);
    this.store.chooseCustom({ from, to: Math.min(to, Math.max(this.clock.now(), from + 60_000)) });
    this.focusLater('history-custom');
  }

  protected zoomIn(): void {
    this.store.zoomTo(zoomedIn(this.store.view()), false);
  }

  protected zoomOut(): void {
    this.store.zoomTo(zoomedOut(this.store.view(), this.store.range()), false);
  }

  private focusLater(id: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`#${id}`)?.focus(), {
      injector: this.injector,
    });
  }
}
