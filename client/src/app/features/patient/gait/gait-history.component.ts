import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import type { ECharts } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { GAIT_RANGES, calendar, historySummary, isLowData, shortDay } from './gait-days';
import { gaitHistoryOption } from './gait-history-chart';
import { GaitHistoryStore } from './gait-history.store';
import { GAIT_FRAMES } from './gait-live.store';
import { ChartLegendComponent, type LegendEntry } from '../../../shared/ui/chart-legend.component';

/** The page's root font size relative to the browser default (16 px), as the trace charts use it. */
function rootFontScale(): number {
  if (typeof getComputedStyle !== 'function') return 1;
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? Math.max(1, px / 16) : 1;
}

/**
 * The patient page's gait history (issue 14): daily walking minutes, median cadence and stance
 * SI over the last 14 or 30 days against the patient's own two-week baseline, days with little
 * data marked. The chart is handed its option on an animation frame, not through change detection.
 */
@Component({
  selector: 'pl-gait-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective, ChartLegendComponent],
  providers: [GaitHistoryStore],
  host: { class: 'panel' },
  template: `
    <div class="head">
      <h2 class="panel-title" id="gait-history-title">
        Gait over days
        <span class="muted sub">per local day, against the patient’s own baseline (the 14 days before)</span>
      </h2>
      <div class="segmented" role="group" aria-label="Days shown">
        @for (d of ranges; track d) {
          <button
            type="button"
            class="btn"
            [attr.aria-pressed]="store.days() === d"
            (click)="store.choose(d)"
          >
            {{ d }} days
          </button>
        }
      </div>
    </div>
    @switch (state().kind) {
      @case ('loading') {
        <div class="skeleton chart-skeleton" aria-busy="true" aria-label="Loading gait history"></div>
      }
      @case ('archive-off') {
        <div class="state" role="status">
          <strong>Gait history needs the archive, which is not available</strong>
          <span
            >Daily figures are kept in the archive (off or unreachable on this server). The live gait panel
            still works.</span
          >
        </div>
      }
      @case ('error') {
        <div class="state" role="alert">
          <strong>Could not load the gait history</strong>
          <span>{{ errorText() }}</span>
          <button type="button" class="btn" (click)="store.load()">Try again</button>
        </div>
      }
      @default {
        @if (hasDays()) {
          <pl-chart-legend class="legend" align="start" [entries]="legend" />
          <div
            echarts
            class="chart"
            [options]="initial"
            (chartInit)="onInit($event)"
            role="img"
            [attr.aria-label]="aria()"
          ></div>
          @if (lowDays().length) {
            <p class="low-note muted">
              Low data (under 2 h of gait figures, so little data rather than little walking):
              {{ lowDays().join(', ') }}
            </p>
          }
          @if (baselineDays() === 0) {
            <p class="low-note muted">No baseline yet: no gait figures in the 14 days before the range.</p>
          }
        } @else {
          <div class="state">
            <strong>No gait figures in these days yet</strong>
            <span>Days appear as the archive collects each minute of walking, standing and rest.</span>
          </div>
        }
      }
    }
  `,
  styles: `
    :host {
      display: block;
      grid-column: 1 / -1;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
    }
    .sub {
      font-weight: 450;
      font-size: 0.85rem;
    }
    .segmented {
      display: inline-flex;
    }
    .segmented .btn {
      border-radius: 0;
    }
    .segmented .btn:first-child {
      border-radius: 0.5rem 0 0 0.5rem;
    }
    .segmented .btn:last-child {
      border-radius: 0 0.5rem 0.5rem 0;
    }
    .chart,
    .chart-skeleton {
      height: clamp(20rem, 40vh, 30rem);
      width: 100%;
      margin-top: 0.5rem;
    }
    .legend {
      margin-top: 0.5rem;
    }
    .low-note {
      font-size: 0.8rem;
      margin: 0.4rem 0 0;
    }
  `,
})
export class GaitHistoryComponent {
  readonly patientId = input.required<number>();

  protected readonly store = inject(GaitHistoryStore);
  private readonly frames = inject(GAIT_FRAMES);
  private chart: ECharts | null = null;
  private readonly redraw = () => this.draw();
  private readonly fontSize = Math.round(12 * rootFontScale());

  protected readonly ranges = GAIT_RANGES;
  protected readonly state = this.store.state;
  /** Set once; each answer is sent to the instance directly (draw()). */
  protected readonly initial = { animation: false };
  protected readonly legend: readonly LegendEntry[] = [
    { name: 'Walking minutes', mark: { kind: 'swatch', background: '#0072b2' } },
    { name: 'Median cadence', mark: { kind: 'line', background: '#009e73' } },
    { name: 'Stance SI', mark: { kind: 'line', background: '#d55e00' } },
    {
      name: 'Baseline',
      mark: {
        kind: 'line',
        background: 'repeating-linear-gradient(90deg, #52606d 0 5px, transparent 5px 9px)',
      },
    },
    { name: 'Normal SI band (ratio 0.9–1.1)', mark: { kind: 'area', background: 'rgba(30, 123, 79, 0.16)' } },
    {
      name: 'Low data',
      mark: {
        kind: 'swatch',
        background: 'repeating-linear-gradient(-45deg, rgba(0, 114, 178, 0.3) 0 3px, #fff 3px 5px)',
        border: '1px dashed #0072b2',
      },
    },
  ];

  private readonly ok = computed(() => {
    const s = this.state();
    return s.kind === 'ok' ? s : null;
  });
  protected readonly hasDays = computed(() => (this.ok()?.data.days.length ?? 0) > 0);
  protected readonly baselineDays = computed(() => this.ok()?.data.baseline.days ?? 0);
  protected readonly errorText = computed(() => {
    const s = this.state();
    return s.kind === 'error' ? s.message : '';
  });
  protected readonly aria = computed(() => {
    const ok = this.ok();
    return ok ? historySummary(ok.data, this.store.days(), ok.now) : '';
  });
  protected readonly lowDays = computed(() => {
    const ok = this.ok();
    if (!ok) return [];
    return calendar(ok.now, this.store.days(), ok.data.days)
      .filter((d) => d.figures !== null && isLowData(d.figures))
      .map((d) => `${shortDay(d.day)} (${d.figures!.minutesCovered} min)`);
  });

  constructor() {
    effect(() => {
      const id = this.patientId();
      untracked(() => this.store.connect(id));
    });
    effect(() => {
      this.ok();
      this.frames.schedule(this.redraw);
    });
    inject(DestroyRef).onDestroy(() => {
      this.frames.cancel(this.redraw);
      this.chart = null;
    });
  }

  protected onInit(chart: ECharts): void {
    this.chart = chart;
    this.frames.schedule(this.redraw);
  }

  private draw(): void {
    const ok = this.ok();
    const chart = this.chart;
    if (!ok || !chart || chart.isDisposed()) return;
    chart.setOption(gaitHistoryOption(ok.data, this.store.days(), ok.now, this.fontSize), { notMerge: true });
  }
}
