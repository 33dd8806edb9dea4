import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  output,
} from '@angular/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { MAX_PRESSURE, sensorsOf, type FootSide } from '../../shared/sample';
import { formatDateTime } from '../../shared/time-format';
import { ChartLegendComponent, type LegendEntry } from '../../shared/ui/chart-legend.component';
import {
  axisLabel,
  historySeries,
  historySummary,
  withLoneDots,
  zoomedSpan,
  type HistoryData,
  type TimeSpan,
} from './history-range';
import type { RangeEpisode } from './history.store';
import { CHART_FRAMES, SERIES_STYLES, rootFontScale } from './trace-chart.component';

/** The band's fill: the sensor's colour, faint enough that three bands overlap legibly. */
export function bandColour(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, 0.16)`;
}

const EPISODE_FILL = 'rgba(196, 57, 29, 0.14)';
const EPISODE_EDGE = 'rgba(196, 57, 29, 0.55)';
const GAP_FILL = 'rgba(82, 96, 109, 0.10)';

/**
 * Series ids of one foot: per sensor `lo<i>` (the band's invisible lower edge), `sp<i>` (the
 * band, stacked on it) and `m<i>` (the mean line). Episodes shade on m0, gaps on m1.
 */
export function historyBaseOption(foot: FootSide, fontSize: number): EChartsCoreOption {
  const sensors = sensorsOf(foot);
  return {
    animation: false,
    textStyle: { fontSize },
    grid: { left: 4 * fontSize, right: 16, top: fontSize, bottom: 2.5 * fontSize, outerBoundsMode: 'none' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' }, confine: true },
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: '#9aa7b6' } },
      axisLabel: { color: '#52606d', hideOverlap: true, fontSize },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: MAX_PRESSURE,
      interval: 256,
      axisLabel: { color: '#52606d', fontSize },
      splitLine: { lineStyle: { color: '#edf0f4' } },
    },
    // Wheel and drag zoom; the view then asks the server for finer data (down to raw readings).
    dataZoom: [{ id: 'inside', type: 'inside', filterMode: 'none', start: 0, end: 100 }],
    series: sensors.flatMap((sensor, i) => {
      const colour = SERIES_STYLES[i].color;
      const band = `band${i}`;
      const common = { type: 'line', symbol: 'none', emphasis: { disabled: true }, data: [] };
      return [
        { ...common, id: `lo${i}`, name: `${sensor.name} min`, stack: band, lineStyle: { opacity: 0 } },
        {
          ...common,
          id: `sp${i}`,
          name: `${sensor.name} range`,
          stack: band,
          lineStyle: { opacity: 0 },
          areaStyle: { color: bandColour(colour) },
        },
        {
          ...common,
          id: `m${i}`,
          name: `${sensor.name} ${sensor.label}`,
          color: colour,
          lineStyle: { width: 1.6 },
          // Symbols only where a point stands alone (withLoneDots): each other point says 'none'.
          showSymbol: true,
          ...(i === 0
            ? {
                markArea: {
                  silent: true,
                  itemStyle: { color: EPISODE_FILL, borderColor: EPISODE_EDGE, borderWidth: 1 },
                  label: { show: false },
                  data: [],
                },
              }
            : i === 1
              ? {
                  markArea: {
                    silent: true,
                    itemStyle: { color: GAP_FILL },
                    label: { show: false },
                    data: [],
                  },
                }
              : {}),
        },
      ];
    }),
  };
}

interface TooltipParam {
  axisValue: number;
  marker: string;
  seriesId: string;
  seriesName: string;
  value: [number, number | null];
}

/**
 * The min..max band and mean of each sensor of one foot over the history view. Gaps are breaks
 * in the lines and bands (and shaded grey), episodes of the range shaded red. Set up once;
 * redraws go straight to ECharts through CHART_FRAMES (one chart per animation frame).
 * Zooming emits the part of the view zoomed into; the view asks for finer data and comes back
 * with it, the chart then shows that span whole.
 */
@Component({
  selector: 'pl-history-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective, ChartLegendComponent],
  template: `
    <pl-chart-legend [entries]="legend()" />
    <div
      echarts
      class="chart"
      [options]="initial()"
      (chartInit)="onInit($event)"
      role="img"
      [attr.aria-label]="aria()"
    ></div>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart {
      height: clamp(13rem, 24vh, 24rem);
      width: 100%;
    }
  `,
})
export class HistoryChartComponent {
  readonly foot = input.required<FootSide>();
  readonly history = input.required<HistoryData>();
  /** The span on the x axis (what was asked for). */
  readonly view = input.required<TimeSpan>();
  readonly episodes = input<readonly RangeEpisode[]>([]);
  readonly utc = input(false);
  /** The part of the view zoomed into with the wheel or by dragging. */
  readonly zoomed = output<TimeSpan>();

  private readonly frames = inject(CHART_FRAMES);
  private chart: ECharts | null = null;
  private drawnAreas: string | null = null;
  private drawnGaps: string | null = null;
  private readonly redraw = () => this.draw();
  private readonly fontSize = Math.round(12 * rootFontScale());

  protected readonly initial = computed(() => historyBaseOption(this.foot(), this.fontSize));
  protected readonly legend = computed((): LegendEntry[] => [
    ...sensorsOf(this.foot()).map((sensor, i) => ({
      name: `${sensor.name} ${sensor.label}`,
      mark: {
        kind: 'band-line' as const,
        background: SERIES_STYLES[i].color,
        band: bandColour(SERIES_STYLES[i].color),
      },
    })),
    {
      name: 'episode',
      mark: { kind: 'area', background: EPISODE_FILL, border: `1px solid ${EPISODE_EDGE}` },
    },
    { name: 'no data', mark: { kind: 'area', background: GAP_FILL, border: '1px dashed #9aa7b6' } },
  ]);
  protected readonly aria = computed(
    () =>
      historySummary(this.history(), this.foot(), this.view(), this.episodes().length, this.utc()) +
      '. Lines: mean; bands: lowest to highest value.',
  );

  constructor() {
    effect(() => {
      this.history();
      this.view();
      this.episodes();
      this.utc();
      this.frames.schedule(this.redraw);
    });
    inject(DestroyRef).onDestroy(() => {
      this.frames.cancel(this.redraw);
      this.chart = null;
    });
  }

  protected onInit(chart: ECharts): void {
    this.chart = chart;
    this.drawnAreas = null;
    this.drawnGaps = null;
    chart.on('datazoom', (event: unknown) => {
      const e = event as { start?: number; end?: number; batch?: { start?: number; end?: number }[] };
      const z = e.batch?.[0] ?? e;
      if (typeof z.start !== 'number' || typeof z.end !== 'number') return;
      if (z.start <= 0 && z.end >= 100) return;
      this.zoomed.emit(zoomedSpan(this.view(), z.start, z.end));
    });
    this.frames.schedule(this.redraw);
  }

  private draw(): void {
    const chart = this.chart;
    if (!chart || chart.isDisposed()) return;
    const history = this.history();
    const view = this.view();
    const utc = this.utc();
    const width = view.to - view.from;
    const series: Record<string, unknown>[] = historySeries(history, this.foot()).flatMap((s, i) => [
      { id: `lo${i}`, data: s.low },
      { id: `sp${i}`, data: s.spread },
      { id: `m${i}`, data: withLoneDots(s.mean) },
    ]);
    const episodes = this.episodes();
    const areas = episodes.map((e) => `${e.id}:${e.endedAt ?? ''}`).join(',');
    if (areas !== this.drawnAreas) {
      // An episode still active runs to the end of the view; a short one still gets a visible band.
      const minWidth = width / 400;
      series[2]['markArea'] = {
        data: episodes.map((e) => {
          const start = Date.parse(e.startedAt);
          const end = Math.max(
            e.endedAt ? Date.parse(e.endedAt) : Math.max(Date.parse(e.lastFlaggedAt), view.to),
            start + minWidth,
          );
          return [{ xAxis: start }, { xAxis: end }];
        }),
      };
      this.drawnAreas = areas;
    }
    const gaps = history.gaps.map((g) => `${g.from}-${g.to}`).join(',');
    if (gaps !== this.drawnGaps) {
      series[5]['markArea'] = {
        data: history.gaps.map((g) => [{ xAxis: Date.parse(g.from) }, { xAxis: Date.parse(g.to) }]),
      };
      this.drawnGaps = gaps;
    }
    const option: EChartsCoreOption = {
      xAxis: {
        min: view.from,
        max: view.to,
        axisLabel: { formatter: (v: number) => axisLabel(v, width, utc) },
      },
      // The data now is the view's: the whole of it on screen.
      dataZoom: [{ id: 'inside', start: 0, end: 100 }],
      tooltip: { formatter: (params: unknown) => tooltipText(params as TooltipParam[], history, utc) },
      series,
    };
    chart.setOption(option, { silent: true });
  }
}

/** The bucket's time (or reading's), then per sensor mean and its min–max. */
function tooltipText(list: TooltipParam[], history: HistoryData, utc: boolean): string {
  if (!list.length) return '';
  const byId = new Map(list.map((p) => [p.seriesId, p]));
  const lines: string[] = [];
  for (const p of list) {
    if (!p.seriesId.startsWith('m')) continue;
    const i = p.seriesId.slice(1);
    const mean = p.value[1];
    const low = byId.get(`lo${i}`)?.value[1];
    const spread = byId.get(`sp${i}`)?.value[1];
    const range =
      history.bucketMs > 0 && typeof low === 'number' && typeof spread === 'number'
        ? ` <span style="opacity:.75">(${low}–${low + spread})</span>`
        : '';
    lines.push(`${p.marker}${p.seriesName}: <b>${mean ?? '–'}</b>${range}`);
  }
  const t = list[0].axisValue;
  const head =
    history.bucketMs > 0
      ? `${formatDateTime(t - history.bucketMs / 2, utc)} (mean, min–max)`
      : formatDateTime(t, utc);
  return [head, ...lines].join('<br>');
}
