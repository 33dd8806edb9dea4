import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import type { Bin } from '../../shared/histogram';
import { rootFontScale } from './trace-chart.component';

/** Distribution of the sensor values recorded during anomalies, left and right foot side by side. */
@Component({
  selector: 'pl-anomaly-histogram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective],
  template: `
    @if (readings() === 0) {
      <p class="state">No anomalous readings to summarise yet.</p>
    } @else {
      <div echarts class="chart" [options]="options()" role="img" [attr.aria-label]="aria()"></div>
    }
  `,
  styles: `
    .chart {
      height: 15rem;
      width: 100%;
    }
  `,
})
export class AnomalyHistogramComponent {
  readonly left = input.required<readonly Bin[]>();
  readonly right = input.required<readonly Bin[]>();
  readonly readings = input.required<number>();

  protected readonly aria = computed(() => {
    const peak = (bins: readonly Bin[]) => bins.reduce((a, b) => (b.count > a.count ? b : a), bins[0]);
    const l = peak(this.left());
    const r = peak(this.right());
    return `Histogram of sensor values during ${this.readings()} anomalous readings. Most common left: ${l.from} to ${l.to}; right: ${r.from} to ${r.to}.`;
  });

  private readonly fontSize = Math.round(12 * rootFontScale());

  protected readonly options = computed<EChartsCoreOption>(() => ({
    animation: false,
    textStyle: { fontSize: this.fontSize },
    grid: { left: 44, right: 12, top: 30, bottom: 40 },
    // Right-aligned so it clears the y axis name at the top left.
    legend: { top: 0, right: 0, textStyle: { color: '#52606d', fontSize: this.fontSize } },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      name: 'pressure',
      nameLocation: 'middle',
      nameGap: 2 * this.fontSize,
      nameTextStyle: { fontSize: this.fontSize },
      data: this.left().map((b) => `${b.from}–${b.to}`),
      axisLabel: { color: '#52606d', interval: 3, fontSize: this.fontSize },
    },
    yAxis: {
      type: 'value',
      name: 'sensor values',
      nameTextStyle: { fontSize: this.fontSize },
      axisLabel: { color: '#52606d', fontSize: this.fontSize },
      splitLine: { lineStyle: { color: '#edf0f4' } },
    },
    series: [
      {
        name: 'Left foot',
        type: 'bar',
        data: this.left().map((b) => b.count),
        color: '#40607f',
        barGap: '10%',
      },
      {
        name: 'Right foot',
        type: 'bar',
        data: this.right().map((b) => b.count),
        color: '#8fb3c9',
        itemStyle: { decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: 0.8 } },
      },
    ],
  }));
}
