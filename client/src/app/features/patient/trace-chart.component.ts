import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  InjectionToken,
  computed,
  effect,
  inject,
  input,
  output,
} from '@angular/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import type { Episode } from '../../shared/anomaly-episodes';
import { FrameQueue } from '../../shared/frame-queue';
import { lttbIndices } from '../../shared/lttb';
import { GAP_MS, READING_INTERVAL_MS } from '../../shared/reading-rate';
import { MAX_PRESSURE, sensorsOf, type FootSide, type Sample } from '../../shared/sample';
import { formatTime } from '../../shared/time-format';
import { FULL_ZOOM, type ZoomRange } from '../../shared/zoom';
import { ChartLegendComponent, type LegendEntry } from '../../shared/ui/chart-legend.component';

const ANOMALY_FILL = 'rgba(196, 57, 29, 0.12)';
const ANOMALY_EDGE = 'rgba(196, 57, 29, 0.5)';

/**
 * Okabe-Ito colours, chosen to stay distinct with the common colour vision deficiencies. Lines
 * are solid: dashed and dotted lines over thousands of steep segments cost far more to raster
 * than the chart can afford at 5 updates a second.
 */
export const SERIES_STYLES = [
  { color: '#0072B2', type: 'solid' },
  { color: '#E69F00', type: 'solid' },
  { color: '#009E73', type: 'solid' },
] as const;

export interface TraceSeries {
  readonly name: string;
  readonly data: [number, number | null][];
}

/** The page's root font size relative to the browser default (16 px). */
export function rootFontScale(): number {
  if (typeof getComputedStyle !== 'function') return 1;
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? Math.max(1, px / 16) : 1;
}

/**
 * The three series of one foot, each downsampled with LTTB to about one point per pixel, with a
 * null point (a break in the line) wherever readings are missing (a silence longer than GAP_MS),
 * so no line is drawn across.
 */
export function traceSeries(samples: readonly Sample[], foot: FootSide, maxPoints: number): TraceSeries[] {
  const xs = samples.map((s) => s.t);
  return sensorsOf(foot).map((sensor) => {
    const ys = samples.map((s) => s.v[sensor.id]);
    const data: [number, number | null][] = [];
    let previous: number | null = null;
    for (const i of lttbIndices(xs, ys, maxPoints)) {
      if (previous !== null && xs[i] - xs[previous] > GAP_MS && i === previous + 1) {
        data.push([(xs[previous] + xs[i]) / 2, null]);
      }
      data.push([xs[i], ys[i]]);
      previous = i;
    }
    return { name: `${sensor.name} ${sensor.label}`, data };
  });
}

/** Shared by every trace chart: at most one chart redraw per animation frame. */
export const CHART_FRAMES = new InjectionToken<FrameQueue>('CHART_FRAMES', {
  providedIn: 'root',
  factory: () => new FrameQueue(),
});

const FLAG_COLOUR = '#c4391d';

/** The chart's fixed parts, set once: styles, axes, zoom, and the three (empty) series. */
export function baseOption(foot: FootSide, fontSize: number): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontSize },
    // Margins are fixed, so ECharts need not lay the axes out twice to measure their labels
    // on every redraw (outerBoundsMode 'auto' did, for about a sixth of the redraw time).
    grid: { left: 4 * fontSize, right: 16, top: fontSize, bottom: 2.5 * fontSize, outerBoundsMode: 'none' },
    // Confined: the panel clips its content (CSS containment), so the tooltip stays inside.
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
    // Wheel and drag zoom on the chart; the range slider is HTML (ZoomControlComponent), which
    // the keyboard and screen readers can use and which costs nothing to redraw.
    dataZoom: [{ id: 'inside', type: 'inside', filterMode: 'none' }],
    series: sensorsOf(foot).map((sensor, i) => ({
      id: `s${i}`,
      name: `${sensor.name} ${sensor.label}`,
      type: 'line',
      symbol: 'none',
      data: [],
      color: SERIES_STYLES[i].color,
      lineStyle: { width: 1.8, type: SERIES_STYLES[i].type },
      emphasis: { disabled: true },
      ...(i === 0
        ? {
            markArea: {
              silent: true,
              itemStyle: {
                color: ANOMALY_FILL,
                borderColor: ANOMALY_EDGE,
                borderWidth: 1,
              },
              // No text per episode: close episodes made an unreadable pile of labels; the
              // legend above the chart says what the shading means.
              label: { show: false },
              data: [],
            },
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: FLAG_COLOUR, width: 2, type: 'solid' },
              label: { formatter: 'flagged', color: FLAG_COLOUR },
              data: [],
            },
          }
        : {}),
    })),
  };
}

/** The parts of the option that follow the local/UTC choice. */
export function timeFormatOption(utc: boolean): EChartsCoreOption {
  return {
    xAxis: { axisLabel: { formatter: (v: number) => formatTime(v, utc) } },
    tooltip: {
      axisPointer: { label: { formatter: (p: { value: number }) => formatTime(p.value, utc, true) } },
      valueFormatter: (v: unknown) => String(v),
      // Our own header so the tooltip follows the local/UTC choice like the axis.
      formatter: (params: unknown) => {
        const list = params as {
          axisValue: number;
          marker: string;
          seriesName: string;
          value: [number, number | null];
        }[];
        if (!list.length) return '';
        const lines = list.map((p) => `${p.marker}${p.seriesName}: <b>${p.value[1] ?? '–'}</b>`);
        return [formatTime(list[0].axisValue, utc, true), ...lines].join('<br>');
      },
    },
  };
}

/**
 * Live pressure traces of one foot. The chart is set up once; each new window is handed to
 * ECharts directly (not through change detection), with only what changed: the series data and
 * the axis range every time, the shading, marker and time format only when they change. Redraws
 * go through CHART_FRAMES, so the two feet never redraw in the same frame.
 */
@Component({
  selector: 'pl-trace-chart',
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
      height: clamp(14rem, 25vh, 28rem);
      width: 100%;
    }
  `,
})
export class TraceChartComponent {
  readonly foot = input.required<FootSide>();
  readonly samples = input.required<readonly Sample[]>();
  readonly episodes = input<readonly Episode[]>([]);
  readonly range = input<{ from: number; to: number } | null>(null);
  /** A moment to mark (the anomaly under review). */
  readonly marker = input<number | null>(null);
  readonly utc = input(false);
  readonly zoom = input<ZoomRange>(FULL_ZOOM);
  /** Wheel or drag zoom on the chart itself. */
  readonly zoomChange = output<ZoomRange>();

  private readonly frames = inject(CHART_FRAMES);
  private chart: ECharts | null = null;
  /** What the chart shows now, to send ECharts only what changed. */
  private drawnUtc: boolean | null = null;
  private drawnAreas: string | null = null;
  private drawnMarker: number | null | undefined = undefined;
  private drawnZoom: ZoomRange | null = null;
  private readonly redraw = () => this.draw();

  /** Chart text follows the page's fluid type scale (larger on a wall display). */
  private readonly fontSize = Math.round(12 * rootFontScale());

  protected readonly initial = computed(() => baseOption(this.foot(), this.fontSize));
  protected readonly legend = computed((): LegendEntry[] => [
    ...sensorsOf(this.foot()).map((sensor, i) => ({
      name: `${sensor.name} ${sensor.label}`,
      mark: { kind: 'line' as const, background: SERIES_STYLES[i].color },
    })),
    {
      name: 'anomaly',
      mark: { kind: 'area', background: ANOMALY_FILL, border: `1px solid ${ANOMALY_EDGE}` },
    },
  ]);

  protected readonly aria = computed(() => {
    const samples = this.samples();
    const foot = this.foot() === 'left' ? 'left' : 'right';
    if (samples.length === 0) return `Pressure traces of the ${foot} foot: no readings in the window`;
    const last = samples[samples.length - 1];
    const values = sensorsOf(this.foot())
      .map((s) => `${s.label} ${last.v[s.id]}`)
      .join(', ');
    const episodes = this.episodes().length;
    return `Pressure traces of the ${foot} foot, ${samples.length} readings; latest ${values}; ${episodes} anomaly episode${episodes === 1 ? '' : 's'} shaded`;
  });

  constructor() {
    effect(() => {
      this.samples();
      this.range();
      this.episodes();
      this.marker();
      this.utc();
      this.zoom();
      this.frames.schedule(this.redraw);
    });
    inject(DestroyRef).onDestroy(() => {
      this.frames.cancel(this.redraw);
      this.chart = null;
    });
  }

  /** Keeps the instance: redraws go to it directly, sized to its width in pixels. */
  protected onInit(chart: ECharts): void {
    this.chart = chart;
    this.drawnUtc = null;
    this.drawnAreas = null;
    this.drawnMarker = undefined;
    this.drawnZoom = null;
    chart.on('datazoom', (event: unknown) => {
      // Inside zoom reports { start, end } itself or in a batch; setOption never fires this.
      const e = event as Partial<ZoomRange> & { batch?: Partial<ZoomRange>[] };
      const z = e.batch?.[0] ?? e;
      if (typeof z.start !== 'number' || typeof z.end !== 'number') return;
      this.drawnZoom = { start: z.start, end: z.end };
      this.zoomChange.emit(this.drawnZoom);
    });
    this.frames.schedule(this.redraw);
  }

  private draw(): void {
    const chart = this.chart;
    if (!chart || chart.isDisposed()) return;
    const range = this.range();
    const utc = this.utc();
    const marker = this.marker();
    // About one point per two pixels: a canvas line cannot show more than that.
    const maxPoints = Math.max(150, Math.round(chart.getWidth() / 2));
    const series: Record<string, unknown>[] = traceSeries(this.samples(), this.foot(), maxPoints).map(
      (s, i) => ({ id: `s${i}`, data: s.data }),
    );
    const episodes = this.episodes();
    const areas = episodes.map((e) => `${e.start}-${e.end}`).join(',');
    if (areas !== this.drawnAreas) {
      // Half a reading interval either side, where the neighbouring readings would start: an
      // episode of a single reading still gets a band wide enough to see.
      const pad = READING_INTERVAL_MS / 2;
      series[0]['markArea'] = {
        data: episodes.map((e) => [{ xAxis: e.start - pad }, { xAxis: e.end + pad }]),
      };
      this.drawnAreas = areas;
    }
    if (marker !== this.drawnMarker) {
      series[0]['markLine'] = { data: marker === null ? [] : [{ xAxis: marker }] };
      this.drawnMarker = marker;
    }
    const xAxis = { min: range?.from ?? 'dataMin', max: range?.to ?? 'dataMax' };
    let option: EChartsCoreOption = { xAxis, series };
    const zoom = this.zoom();
    if (zoom.start !== this.drawnZoom?.start || zoom.end !== this.drawnZoom.end) {
      option['dataZoom'] = [{ id: 'inside', start: zoom.start, end: zoom.end }];
      this.drawnZoom = zoom;
    }
    if (utc !== this.drawnUtc) {
      const time = timeFormatOption(utc);
      option = { ...option, ...time, xAxis: { ...(time['xAxis'] as object), ...xAxis } };
      this.drawnUtc = utc;
    }
    chart.setOption(option, { silent: true });
  }
}
