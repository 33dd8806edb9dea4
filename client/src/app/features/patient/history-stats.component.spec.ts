import { TestBed } from '@angular/core/testing';
import { HistoryStatsComponent } from './history-stats.component';
import type { RangeStats } from './history.store';

describe('HistoryStatsComponent', () => {
  async function render(stats: RangeStats) {
    const fixture = TestBed.createComponent(HistoryStatsComponent);
    fixture.componentRef.setInput('stats', stats);
    fixture.componentRef.setInput('rangeLabel', '2026-12-02 10:00 – 11:00');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('sums the range up and gives each sensor its figures, the right foot set apart', async () => {
    const sensor = (name: string, last: number | null) => ({
      name,
      min: 3.4,
      mean: 400.5,
      max: 1023,
      last,
      loadedFraction: 0.3333,
    });
    const el = await render({
      readingCount: 17_990,
      coverage: 0.99944,
      anomalyCount: 360,
      episodeCount: 0,
      sensors: ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'].map((n) => sensor(n, n === 'R2' ? null : 512)),
    });
    expect([...el.querySelectorAll('dd')].map((d) => d.textContent?.trim())).toEqual([
      '17,990',
      '99.9 %',
      '360',
      '0',
    ]);
    const rows = [...el.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(6);
    expect([...rows[0].querySelectorAll('td')].map((td) => td.textContent?.trim())).toEqual([
      '3',
      '401',
      '1023',
      '512',
      '33.3 %',
    ]);
    expect(rows[3].classList).toContain('foot-start');
    expect(rows[5].querySelector('td:nth-of-type(4)')?.textContent?.trim()).toBe('–');
    expect(el.querySelector('caption')?.textContent).toContain('2026-12-02 10:00 – 11:00');
  });

  it('says when the range has no readings', async () => {
    const el = await render({ readingCount: 0, coverage: 0, anomalyCount: 0, episodeCount: 2, sensors: [] });
    expect(el.querySelector('table')).toBeNull();
    expect(el.textContent).toContain('No readings in this range.');
  });
});
