import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input } from '@angular/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import type { Episode } from '../../shared/anomaly-episodes';
import { lttbIndices } from '../../shared/lttb';
import { MAX_PRESSURE, sensorsOf, type FootSide, type Sample } from '../../shared/sample';
import { formatTime } from '../../shared/time-format';

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

/** Readings come every ~200 ms; a longer silence is a hole in the data, drawn as a break. */
export const GAP_BREAK_MS = 1500;

/**
 * The three series of one foot, each downsampled with LTTB to about one point per pixel, with a
 * null point (a break in the line) wherever readings are missing, so no line is drawn across.
 */
export function traceSeries(samples: readonly Sample[], foot: FootSide, maxPoints: number): TraceSeries[] {
  const xs = samples.map((s) => s.t);
  return sensorsOf(foot).map((sensor) => {
    const ys = samples.map((s) => s.v[sensor.id]);
    const data: [number, number | null][] = [];
    let previous: number | null = null;
    for (const i of lttbIndices(xs, ys, maxPoints)) {
      if (previous !== null && xs[i] - xs[previous] > GAP_BREAK_MS && i === previous + 1) {
        data.push([(xs[previous] + xs[i]) / 2, null]);
      }
      data.push([xs[i], ys[i]]);
      previous = i;
    }
    return { name: `${sensor.name} ${sensor.label}`, data };
  });
}

/**
 * Live pressure traces of one foot. The chart is set up once; each new window (at most one per
 * animation frame, see PatientLiveStore) is merged into it as data, axis range and shading.
 */
@Component({
  selector: 'pl-trace-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective],
  template: `<div
    echarts
    class="chart"
    [options]="initial"
    [merge]="update()"
    (chartInit)="onInit($event)"
    role="img"
    [attr.aria-label]="aria()"
  ></div>`,
  styles: `
    :host {
      display: block;
    }
    .chart {
      height: clamp(15rem, 27vh, 30rem);
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

  private chart: ECharts | null = null;

  /** Chart text follows the page's fluid type scale (larger on a wall display). */
  private readonly fontSize = Math.round(12 * rootFontScale());

  protected readonly initial: EChartsCoreOption = {
    animation: false,
    textStyle: { fontSize: this.fontSize },
    grid: { left: 4 * this.fontSize, right: 16, top: 3 * this.fontSize, bottom: 64 },
    legend: {
      top: 0,
      left: 'center',
      itemWidth: 26,
      itemStyle: { opacity: 0 },
      textStyle: { color: '#52606d' },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' }, valueFormatter: (v: unknown) => String(v) },
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: '#9aa7b6' } },
      axisLabel: { color: '#52606d', hideOverlap: true, fontSize: this.fontSize },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: MAX_PRESSURE,
      interval: 256,
      axisLabel: { color: '#52606d', fontSize: this.fontSize },
      splitLine: { lineStyle: { color: '#edf0f4' } },
    },
    dataZoom: [
      { type: 'inside', filterMode: 'none' },
      // No data shadow: it would draw every series a second time on each update.
      {
        type: 'slider',
        height: 22,
        bottom: 8,
        filterMode: 'none',
        showDetail: false,
        brushSelect: false,
        showDataShadow: false,
      },
    ],
    series: [],
  };

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

  protected readonly update = computed<EChartsCoreOption>(() => {
    const samples = this.samples();
    const range = this.range();
    const marker = this.marker();
    const utc = this.utc();
    const width = this.chart?.getWidth() ?? 800;
    // About one point per two pixels: a canvas line cannot show more than that.
    const series = traceSeries(samples, this.foot(), Math.max(150, Math.round(width / 2)));
    const areas = this.episodes().map((e) => [{ xAxis: e.start - 100 }, { xAxis: e.end + 100 }]);
    return {
      xAxis: {
        min: range?.from ?? 'dataMin',
        max: range?.to ?? 'dataMax',
        axisLabel: { formatter: (v: number) => formatTime(v, utc) },
      },
      tooltip: {
        axisPointer: { label: { formatter: (p: { value: number }) => formatTime(p.value, utc, true) } },
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
      series: series.map((s, i) => ({
        name: s.name,
        type: 'line',
        symbol: 'none',
        data: s.data,
        color: SERIES_STYLES[i].color,
        lineStyle: { width: 1.8, type: SERIES_STYLES[i].type },
        emphasis: { disabled: true },
        markArea:
          i === 0
            ? {
                silent: true,
                itemStyle: {
                  color: 'rgba(196, 57, 29, 0.12)',
                  borderColor: 'rgba(196, 57, 29, 0.5)',
                  borderWidth: 1,
                },
                label: {
                  show: true,
                  position: 'insideTop',
                  color: '#c4391d',
                  fontSize: 11,
                  formatter: 'anomaly',
                },
                data: areas,
              }
            : undefined,
        markLine:
          i === 0 && marker !== null
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#c4391d', width: 2, type: 'solid' },
                label: { formatter: 'flagged', color: '#c4391d' },
                data: [{ xAxis: marker }],
              }
            : undefined,
      })),
    };
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.chart = null));
  }

  /** Keeps the instance to size the downsampling to the chart's width in pixels. */
  protected onInit(chart: ECharts): void {
    this.chart = chart;
  }
}
