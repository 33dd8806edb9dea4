import { TestBed } from '@angular/core/testing';
import { FrameQueue } from '../../shared/frame-queue';
import { HistoryChartComponent, bandColour, historyBaseOption } from './history-chart.component';
import type { HistoryData, TimeSpan } from './history-range';
import { CHART_FRAMES } from './trace-chart.component';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const MIN = 60_000;

function history(starts: number[], gaps: [number, number][] = []): HistoryData {
  return {
    bucketMs: MIN,
    buckets: starts.map((start) => ({
      start: new Date(start).toISOString(),
      count: 300,
      anomalyCount: 0,
      sensors: ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'].map((name) => ({ name, min: 100, mean: 200, max: 300 })),
    })),
    gaps: gaps.map(([from, to]) => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })),
  };
}

interface FakeChart {
  setOption: jest.Mock;
  on: jest.Mock;
  isDisposed: () => boolean;
}

type Sent = {
  series: { id: string; data: unknown[]; markArea?: { data: { xAxis: number }[][] } }[];
  xAxis: { min: number; max: number };
  dataZoom: { start: number; end: number }[];
};

describe('historyBaseOption', () => {
  it('stacks each sensor’s band on its invisible lower edge, beside its mean line', () => {
    const option = historyBaseOption('left', 12) as { series: Record<string, unknown>[] };
    expect(option.series.map((s) => s['id'])).toEqual([
      'lo0',
      'sp0',
      'm0',
      'lo1',
      'sp1',
      'm1',
      'lo2',
      'sp2',
      'm2',
    ]);
    expect(option.series[0]['stack']).toBe('band0');
    expect(option.series[1]['stack']).toBe('band0');
    expect(option.series[1]['areaStyle']).toEqual({ color: bandColour('#0072B2') });
    expect(option.series[2]['stack']).toBeUndefined();
    expect(bandColour('#0072B2')).toBe('rgba(0, 114, 178, 0.16)');
  });
});

describe('HistoryChartComponent', () => {
  function setup() {
    const callbacks: FrameRequestCallback[] = [];
    const frames = new FrameQueue((cb) => callbacks.push(cb));
    const frame = () => callbacks.splice(0).forEach((cb) => cb(0));
    TestBed.configureTestingModule({ providers: [{ provide: CHART_FRAMES, useValue: frames }] });
    TestBed.overrideComponent(HistoryChartComponent, {
      set: { imports: [], template: '<div role="img" [attr.aria-label]="aria()"></div>' },
    });
    const make = async (data: HistoryData, view: TimeSpan) => {
      const fixture = TestBed.createComponent(HistoryChartComponent);
      fixture.componentRef.setInput('foot', 'left');
      fixture.componentRef.setInput('history', data);
      fixture.componentRef.setInput('view', view);
      fixture.componentRef.setInput('utc', true);
      await fixture.whenStable();
      const chart: FakeChart = { setOption: jest.fn(), on: jest.fn(), isDisposed: () => false };
      (fixture.componentInstance as unknown as { onInit(c: FakeChart): void }).onInit(chart);
      return { fixture, chart };
    };
    return { make, frame };
  }

  it('draws the view whole, with a break and grey shading where the server reports a gap', async () => {
    const { make, frame } = setup();
    const view = { from: T0, to: T0 + 10 * MIN };
    const { chart } = await make(
      history([T0, T0 + MIN, T0 + 2 * MIN, T0 + 5 * MIN], [[T0 + 3 * MIN, T0 + 5 * MIN]]),
      view,
    );
    expect(chart.setOption).not.toHaveBeenCalled();
    frame();
    const sent = chart.setOption.mock.calls[0][0] as Sent;
    expect(sent.xAxis).toMatchObject({ min: view.from, max: view.to });
    expect(sent.dataZoom).toEqual([{ id: 'inside', start: 0, end: 100 }]);
    const mean = sent.series.find((s) => s.id === 'm0')!;
    // The bucket after the gap stands alone: a dot, or it would not be drawn at all.
    expect(mean.data).toEqual([
      [T0 + MIN / 2, 200],
      [T0 + 1.5 * MIN, 200],
      [T0 + 2.5 * MIN, 200],
      [T0 + 4 * MIN, null],
      { value: [T0 + 5.5 * MIN, 200], symbol: 'circle', symbolSize: 5 },
    ]);
    expect(sent.series.find((s) => s.id === 'sp0')!.data.map((p) => (p as number[])[1])).toEqual([
      200,
      200,
      200,
      null,
      200,
    ]);
    expect(sent.series.find((s) => s.id === 'm1')!.markArea!.data).toEqual([
      [{ xAxis: T0 + 3 * MIN }, { xAxis: T0 + 5 * MIN }],
    ]);
  });

  it('shades the range’s episodes, an active one to the end of the view', async () => {
    const { make, frame } = setup();
    const view = { from: T0, to: T0 + 60 * MIN };
    const { fixture, chart } = await make(history([T0]), view);
    fixture.componentRef.setInput('episodes', [
      {
        id: 'a',
        kind: 'ANOMALY',
        severity: 'HIGH',
        startedAt: new Date(T0 + MIN).toISOString(),
        endedAt: new Date(T0 + 3 * MIN).toISOString(),
        lastFlaggedAt: new Date(T0 + 3 * MIN).toISOString(),
      },
      {
        id: 'b',
        kind: 'NO_DATA',
        severity: 'MEDIUM',
        startedAt: new Date(T0 + 50 * MIN).toISOString(),
        endedAt: null,
        lastFlaggedAt: new Date(T0 + 50 * MIN).toISOString(),
      },
    ]);
    await fixture.whenStable();
    frame();
    const sent = chart.setOption.mock.lastCall![0] as Sent;
    expect(sent.series.find((s) => s.id === 'm0')!.markArea!.data).toEqual([
      [{ xAxis: T0 + MIN }, { xAxis: T0 + 3 * MIN }],
      [{ xAxis: T0 + 50 * MIN }, { xAxis: view.to }],
    ]);
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[role=img]')?.getAttribute('aria-label'),
    ).toMatch(/left foot.*300 readings.*2 episodes marked/);
  });

  it('tells the part of the view zoomed into, not a zoom back to the whole', async () => {
    const { make } = setup();
    const view = { from: T0, to: T0 + 100 * MIN };
    const { fixture, chart } = await make(history([T0]), view);
    const zoomed = jest.fn();
    fixture.componentInstance.zoomed.subscribe(zoomed);
    const handler = chart.on.mock.calls.find((c) => c[0] === 'datazoom')![1] as (e: unknown) => void;
    handler({ batch: [{ start: 20, end: 30 }] });
    expect(zoomed).toHaveBeenCalledWith({ from: T0 + 20 * MIN, to: T0 + 30 * MIN });
    handler({ start: 0, end: 100 });
    expect(zoomed).toHaveBeenCalledTimes(1);
  });
});
