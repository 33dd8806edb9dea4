import { TestBed } from '@angular/core/testing';
import { windowStats } from '../../shared/window-stats';
import { sample } from '../../../testing/fakes';
import { WindowStatsComponent } from './window-stats.component';

describe('WindowStatsComponent', () => {
  it('tabulates min, mean, max and last per sensor', async () => {
    const fixture = TestBed.createComponent(WindowStatsComponent);
    fixture.componentRef.setInput(
      'stats',
      windowStats([sample(0, [0, 1, 2, 3, 4, 5]), sample(1, [10, 1, 2, 3, 4, 1023])]),
    );
    fixture.componentRef.setInput('windowLabel', '1 min');
    await fixture.whenStable();
    const rows = [...(fixture.nativeElement as HTMLElement).querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(6);
    expect([...rows[0].querySelectorAll('td')].map((td) => td.textContent?.trim())).toEqual([
      '0',
      '5',
      '10',
      '10',
    ]);
    expect(rows[5].querySelector('th')?.textContent).toContain('R2');
    expect(fixture.nativeElement.querySelector('caption').textContent).toContain('1 min');
  });

  it('says so when the window is empty', async () => {
    const fixture = TestBed.createComponent(WindowStatsComponent);
    fixture.componentRef.setInput('stats', []);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('No readings in the window yet');
  });
});
