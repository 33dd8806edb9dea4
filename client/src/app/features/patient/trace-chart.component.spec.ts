import { sample } from '../../../testing/fakes';
import { TestBed } from '@angular/core/testing';
import { FrameQueue } from '../../shared/frame-queue';
import { GAP_MS } from '../../shared/reading-rate';
import { CHART_FRAMES, TraceChartComponent, traceSeries } from './trace-chart.component';

describe('traceSeries', () => {
  it('makes three named series per foot', () => {
    const series = traceSeries(
      [sample(0, [1, 2, 3, 4, 5, 6]), sample(200, [7, 8, 9, 10, 11, 12])],
      'right',
      800,
    );
    expect(series.map((s) => s.name)).toEqual(['R0 front inner edge', 'R1 front outer edge', 'R2 heel']);
    expect(series[2].data).toEqual([
      [0, 6],
      [200, 12],
    ]);
  });

  it('downsamples to the pixel budget', () => {
    const samples = Array.from({ length: 3000 }, (_, i) => sample(i * 200, [i % 1024, 0, 0, 0, 0, 0]));
    const [first] = traceSeries(samples, 'left', 500);
    expect(first.data).toHaveLength(500);
  });

  it('breaks the line where readings are missing', () => {
    const series = traceSeries([sample(0), sample(200), sample(200 + GAP_MS + 1), sample(1901)], 'left', 800);
    expect(series[0].data.map((p) => p[1])).toEqual([500, 500, null, 500, 500]);
  });
});

describe('TraceChartComponent', () => {
  interface FakeChart {
    setOption: jest.Mock;
    on: jest.Mock;
    getWidth: () => number;
    isDisposed: () => boolean;
  }

  function setup() {
    const callbacks: FrameRequestCallback[] = [];
    const frames = new FrameQueue((cb) => callbacks.push(cb));
    const frame = () => callbacks.splice(0).forEach((cb) => cb(0));
    TestBed.configureTestingModule({ providers: [{ provide: CHART_FRAMES, useValue: frames }] });
    // The chart itself is faked: jsdom has no canvas, and what matters is what it is sent.
    TestBed.overrideComponent(TraceChartComponent, { set: { imports: [], template: '' } });
    const make = async (foot: 'left' | 'right') => {
      const fixture = TestBed.createComponent(TraceChartComponent);
      fixture.componentRef.setInput('foot', foot);
      fixture.componentRef.setInput('samples', [sample(0), sample(200)]);
      fixture.componentRef.setInput('range', { from: -1000, to: 200 });
      await fixture.whenStable();
      const chart: FakeChart = {
        setOption: jest.fn(),
        on: jest.fn(),
        getWidth: () => 800,
        isDisposed: () => false,
      };
      (fixture.componentInstance as unknown as { onInit(c: FakeChart): void }).onInit(chart);
      return { fixture, chart };
    };
    return { make, frame };
  }

  it('redraws the two feet in different animation frames', async () => {
    const { make, frame } = setup();
    const left = await make('left');
    const right = await make('right');
    frame();
    expect(left.chart.setOption).toHaveBeenCalledTimes(1);
    expect(right.chart.setOption).not.toHaveBeenCalled();
    frame();
    expect(right.chart.setOption).toHaveBeenCalledTimes(1);
  });

  it('sends only the data and axis range when nothing else changed', async () => {
    const { make, frame } = setup();
    const { fixture, chart } = await make('left');
    frame();
    const first = chart.setOption.mock.calls[0][0] as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(['dataZoom', 'series', 'tooltip', 'xAxis']);
    fixture.componentRef.setInput('samples', [sample(0), sample(200), sample(400)]);
    fixture.componentRef.setInput('range', { from: -600, to: 400 });
    await fixture.whenStable();
    frame();
    const next = chart.setOption.mock.calls[1][0] as { series: Record<string, unknown>[]; xAxis: unknown };
    expect(Object.keys(next).sort()).toEqual(['series', 'xAxis']);
    expect(next.xAxis).toEqual({ min: -600, max: 400 });
    expect(Object.keys(next.series[0])).toEqual(['id', 'data']);
    fixture.componentRef.setInput('zoom', { start: 50, end: 100 });
    await fixture.whenStable();
    frame();
    expect(chart.setOption.mock.calls[2][0]).toMatchObject({
      dataZoom: [{ id: 'inside', start: 50, end: 100 }],
    });
  });
});
