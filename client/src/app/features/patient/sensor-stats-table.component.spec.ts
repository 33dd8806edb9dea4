import { TestBed } from '@angular/core/testing';
import { SensorStatsTableComponent } from './sensor-stats-table.component';
import { SERIES_STYLES } from './trace-chart.component';

describe('SensorStatsTableComponent', () => {
  function render() {
    const fixture = TestBed.createComponent(SensorStatsTableComponent);
    fixture.componentRef.setInput('columns', [
      { label: 'Min' },
      { label: 'Last', strong: true },
      { label: 'Loaded', title: 'Share of loaded readings' },
    ]);
    fixture.componentRef.setInput(
      'rows',
      [0, 1, 2, 3, 4, 5].map((sensor) => ({ sensor, cells: [sensor * 10, sensor * 20, `${sensor} %`] })),
    );
    fixture.componentRef.setInput('caption', 'Statistics per sensor over the 1 min window');
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('names each row by its sensor and place, with the line colour of the chart', () => {
    const rows = [...render().querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('.sensor-name')?.textContent)).toEqual([
      'L0',
      'L1',
      'L2',
      'R0',
      'R1',
      'R2',
    ]);
    const swatch = rows[4].querySelector<HTMLElement>('.swatch');
    const expected = document.createElement('span');
    expected.style.borderColor = SERIES_STYLES[1].color;
    expect(swatch?.style.borderColor).toBe(expected.style.borderColor);
  });

  it('sets the right foot off from the left and marks the column to read first', () => {
    const el = render();
    const rows = [...el.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.classList.contains('foot-start'))).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    const cells = [...rows[2].querySelectorAll('td')];
    expect(cells.map((td) => td.textContent?.trim())).toEqual(['20', '40', '2 %']);
    expect(cells.map((td) => td.classList.contains('strong'))).toEqual([false, true, false]);
    expect(el.querySelectorAll('thead th')[3].getAttribute('title')).toBe('Share of loaded readings');
    expect(el.querySelector('caption')?.textContent?.trim()).toBe(
      'Statistics per sensor over the 1 min window',
    );
  });
});
