import { TestBed } from '@angular/core/testing';
import { ChartLegendComponent, type LegendEntry } from './chart-legend.component';
import { HistoryChartComponent } from '../../features/patient/history-chart.component';

describe('ChartLegendComponent', () => {
  function render(entries: readonly LegendEntry[], align?: 'center' | 'start'): HTMLElement {
    const fixture = TestBed.createComponent(ChartLegendComponent);
    fixture.componentRef.setInput('entries', entries);
    if (align) fixture.componentRef.setInput('align', align);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('draws one item per entry with its mark, hidden from screen readers', () => {
    const el = render([
      { name: 'L0 heel', mark: { kind: 'line', background: 'rgb(0, 114, 178)' } },
      {
        name: 'episode',
        mark: { kind: 'area', background: 'rgb(255, 0, 0)', border: '1px solid rgb(1, 2, 3)' },
      },
    ]);
    const items = el.querySelectorAll('li');
    expect(Array.from(items, (li) => li.textContent?.trim())).toEqual(['L0 heel', 'episode']);
    expect(el.querySelector('ul')?.getAttribute('aria-hidden')).toBe('true');
    const line = items[0].querySelector<HTMLElement>('.mark');
    expect(line?.classList).toContain('line');
    expect(line?.style.background).toContain('rgb(0, 114, 178)');
    const area = items[1].querySelector<HTMLElement>('.mark');
    expect(area?.classList).toContain('area');
    expect(area?.style.border).toBe('1px solid rgb(1, 2, 3)');
  });

  it('draws a mean line inside its band, and leaves lines without a border', () => {
    const el = render([
      { name: 'R1', mark: { kind: 'band-line', background: 'rgb(0, 0, 255)', band: 'rgba(0, 0, 255, 0.2)' } },
      { name: 'L1', mark: { kind: 'line', background: 'rgb(0, 0, 0)' } },
    ]);
    const band = el.querySelector<HTMLElement>('.band-line');
    expect(band?.style.background).toContain('rgba(0, 0, 255, 0.2)');
    expect(band?.querySelector<HTMLElement>('.line')?.style.background).toContain('rgb(0, 0, 255)');
    expect(el.querySelectorAll<HTMLElement>('li')[1].querySelector<HTMLElement>('.mark')?.style.border).toBe(
      '',
    );
  });

  it('is centred by default and flush left on request', () => {
    expect(render([]).querySelector('ul')?.classList).not.toContain('start');
    expect(render([], 'start').querySelector('ul')?.classList).toContain('start');
  });
});

describe('legend of the history chart', () => {
  it('names the three sensors of the foot, episodes and gaps', () => {
    // ECharts needs a canvas jsdom lacks: keep only the legend of the template.
    TestBed.overrideComponent(HistoryChartComponent, {
      set: { imports: [ChartLegendComponent], template: '<pl-chart-legend [entries]="legend()" />' },
    });
    const fixture = TestBed.createComponent(HistoryChartComponent);
    fixture.componentRef.setInput('foot', 'left');
    fixture.componentRef.setInput('history', { bucketMs: 1000, buckets: [], gaps: [] });
    fixture.componentRef.setInput('view', { from: 0, to: 60_000 });
    fixture.detectChanges();
    const names = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('pl-chart-legend li'),
      (li) => li.textContent?.trim(),
    );
    expect(names).toHaveLength(5);
    expect(names.slice(3)).toEqual(['episode', 'no data']);
  });
});
