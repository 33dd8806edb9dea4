import { ApplicationRef, Component, input, output, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import { HistoryChartComponent } from './history-chart.component';
import { presetSpan, type HistoryData, type RangeKey, type TimeSpan } from './history-range';
import { HistoryViewComponent } from './history-view.component';
import { HistoryStore, type Loadable } from './history.store';

@Component({ selector: 'pl-history-chart', template: '' })
class ChartStub {
  readonly foot = input<string>();
  readonly history = input<unknown>();
  readonly view = input<unknown>();
  readonly episodes = input<unknown>();
  readonly utc = input<boolean>();
  readonly zoomed = output<TimeSpan>();
}

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const HOUR = 3_600_000;

const data: HistoryData = {
  bucketMs: 60_000,
  buckets: [{ start: new Date(NOW - HOUR).toISOString(), count: 300, anomalyCount: 2, sensors: [] }],
  gaps: [],
};

function fakeStore(history: Loadable<HistoryData>) {
  const range = signal(presetSpan('24h', NOW));
  const summary = {
    loading: false,
    error: null,
    data: {
      stats: {
        readingCount: 43_200,
        coverage: 0.5,
        anomalyCount: 12,
        episodeCount: 1,
        sensors: [{ name: 'L0', min: 0, mean: 311.6, max: 1023, last: 400, loadedFraction: 0.625 }],
      },
      episodes: {
        totalCount: 1,
        edges: [
          {
            node: {
              id: 'e1',
              kind: 'SPIKE' as const,
              severity: 'MEDIUM' as const,
              startedAt: new Date(NOW - 2 * HOUR).toISOString(),
              endedAt: null,
              lastFlaggedAt: new Date(NOW - 2 * HOUR).toISOString(),
            },
          },
        ],
      },
    },
  };
  return {
    rangeKey: signal<RangeKey>('24h'),
    range,
    view: signal(range()),
    history: signal(history),
    summary: signal(summary),
    episodes: signal(summary.data.episodes.edges.map((e) => e.node)),
    exporting: signal(null),
    exportError: signal<string | null>(null),
    zoomed: signal(false),
    exportable: signal(true),
    connect: jest.fn(),
    choose: jest.fn(),
    chooseCustom: jest.fn(),
    refresh: jest.fn(),
    zoomTo: jest.fn(),
    resetZoom: jest.fn(),
    download: jest.fn(),
  };
}

describe('HistoryViewComponent', () => {
  async function render(store: ReturnType<typeof fakeStore>) {
    TestBed.configureTestingModule({
      providers: [{ provide: Clock, useValue: { now: signal(NOW) } }],
    });
    TestBed.overrideComponent(HistoryViewComponent, {
      remove: { imports: [HistoryChartComponent], providers: [HistoryStore] },
      add: { imports: [ChartStub], providers: [{ provide: HistoryStore, useValue: store }] },
    });
    TestBed.inject(TimeDisplay).utc.set(true);
    const fixture = TestBed.createComponent(HistoryViewComponent);
    fixture.componentRef.setInput('patientId', 3);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  const stable = () => TestBed.inject(ApplicationRef).whenStable();
  const button = (el: HTMLElement, text: string) =>
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith(text))!;

  it('loads the patient, and offers the ranges as toggle buttons with the chosen one pressed', async () => {
    const store = fakeStore({ loading: false, error: null, data });
    const { el } = await render(store);
    expect(store.connect).toHaveBeenCalledWith(3);
    const group = el.querySelector('[role=group][aria-label="History range"]')!;
    const buttons = [...group.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['1 h', '24 h', '7 d', '30 d', 'Custom…']);
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual([
      'false',
      'true',
      'false',
      'false',
      'false',
    ]);
    buttons[2].click();
    expect(store.choose).toHaveBeenCalledWith('7d');
    expect(el.querySelector('h2')?.textContent).toContain('2026-12-02 12:00 – 2026-12-03 12:00 · UTC');
  });

  it('draws both feet and passes a chart’s zoom to the store', async () => {
    const store = fakeStore({ loading: false, error: null, data });
    const { fixture, el } = await render(store);
    expect(el.querySelectorAll('pl-history-chart')).toHaveLength(2);
    expect(el.textContent).toContain('1-minute buckets');
    const chart = fixture.debugElement.query((d) => d.componentInstance instanceof ChartStub)
      .componentInstance as ChartStub;
    chart.zoomed.emit({ from: NOW - HOUR, to: NOW });
    expect(store.zoomTo).toHaveBeenCalledWith({ from: NOW - HOUR, to: NOW });
  });

  it('shows the range’s statistics and episodes', async () => {
    const { el } = await render(fakeStore({ loading: false, error: null, data }));
    const facts = [...el.querySelectorAll('dl div')].map((d) =>
      [...d.children].map((c) => c.textContent?.trim()).join(' '),
    );
    expect(facts).toEqual(['Readings 43,200', 'Coverage 50 %', 'Flagged readings 12', 'Episodes 1']);
    expect(el.querySelector('ul.episodes')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Medium Spike 2026-12-03 10:00:00',
    );
    const row = el.querySelector('tbody tr')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent?.trim())).toEqual([
      '0',
      '312',
      '1023',
      '400',
      '62.5 %',
    ]);
  });

  it('takes a custom range in the shown zone from the keyboard, and says what is wrong with one', async () => {
    const store = fakeStore({ loading: false, error: null, data });
    const { el } = await render(store);
    button(el, 'Custom…').click();
    await stable();
    const from = el.querySelector('#history-from') as HTMLInputElement;
    expect(document.activeElement).toBe(from);
    expect(from.value).toBe('2026-12-02T12:00');
    const to = el.querySelector('#history-to') as HTMLInputElement;
    to.value = '2026-12-02T11:00';
    to.dispatchEvent(new Event('input'));
    from.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await stable();
    expect(el.querySelector('form [role=alert]')?.textContent).toContain('The end must be after the start');
    expect(store.chooseCustom).not.toHaveBeenCalled();
    from.value = '2026-12-02T09:30';
    from.dispatchEvent(new Event('input'));
    from.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await stable();
    expect(store.chooseCustom).toHaveBeenCalledWith({
      from: Date.UTC(2026, 11, 2, 9, 30),
      to: Date.UTC(2026, 11, 2, 11, 0),
    });
    expect(el.querySelector('form')).toBeNull();
    expect(document.activeElement?.id).toBe('history-custom');
  });

  it('closes the custom form with Escape', async () => {
    const { el } = await render(fakeStore({ loading: false, error: null, data }));
    button(el, 'Custom…').click();
    await stable();
    el.querySelector('form')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await stable();
    expect(el.querySelector('form')).toBeNull();
  });

  it('downloads the CSV, and says when that failed', async () => {
    const store = fakeStore({ loading: false, error: null, data });
    const { el } = await render(store);
    button(el, 'Download CSV').click();
    expect(store.download).toHaveBeenCalledWith('READINGS');
    button(el, 'Episodes CSV').click();
    expect(store.download).toHaveBeenCalledWith('EPISODES');
    store.exportError.set('The archive is unreachable');
    await stable();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Could not prepare the download');
  });

  it('has loading, empty and error states in words', async () => {
    let { el } = await render(fakeStore({ loading: true, error: null, data: null }));
    expect(el.querySelector('[aria-busy=true][aria-label="Loading history"]')).not.toBeNull();
    TestBed.resetTestingModule();
    ({ el } = await render(fakeStore({ loading: false, error: null, data: { ...data, buckets: [] } })));
    expect(el.textContent).toContain('No readings stored in this range');
    expect(el.querySelector('pl-history-chart')).toBeNull();
    TestBed.resetTestingModule();
    const store = fakeStore({ loading: false, error: 'The archive is off on this server', data: null });
    ({ el } = await render(store));
    const alert = el.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('Could not load the history');
    expect(alert.textContent).toContain('The archive is off on this server');
    button(el, 'Try again').click();
    expect(store.refresh).toHaveBeenCalled();
  });
});
