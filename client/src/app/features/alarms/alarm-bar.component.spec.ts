import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { episode } from '../../../testing/episodes';
import { AlarmSound } from '../../core/alarm-sound';
import { AlarmBarComponent } from './alarm-bar.component';
import { AlarmsStore, type Alarm } from './alarms.store';

describe('AlarmBarComponent', () => {
  function fakeStore(count: number | null, newest: Alarm[] = [], extra: Record<string, unknown> = {}) {
    return {
      count: signal(count),
      newest: signal(newest),
      error: signal<string | null>(null),
      announcement: signal(''),
      ...extra,
    };
  }

  async function render(store: ReturnType<typeof fakeStore>, soundOn = false) {
    const toggle = jest.fn();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: AlarmSound, useValue: { enabled: signal(soundOn), toggle } }],
    });
    TestBed.overrideComponent(AlarmBarComponent, {
      set: { providers: [{ provide: AlarmsStore, useValue: store }] },
    });
    const fixture = TestBed.createComponent(AlarmBarComponent);
    await fixture.whenStable();
    return { el: fixture.nativeElement as HTMLElement, toggle, fixture };
  }

  it('counts unacknowledged episodes and links each of the newest to its patient and episode', async () => {
    const { el } = await render(
      fakeStore(4, [
        { episode: episode({ id: 'ep-7', patientId: 3 }), patientName: 'Albert Lisowski' },
        {
          episode: episode({ id: 'ep-8', patientId: 1, severity: 'LOW', kind: 'SPIKE' }),
          patientName: 'Janek G',
        },
      ]),
    );
    expect(el.querySelector('.count')?.textContent).toMatch(/4\s+unacknowledged episodes/);
    const links = [...el.querySelectorAll('.newest a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/patients/3?episode=ep-7',
      '/patients/1?episode=ep-8',
    ]);
    // Severity is a word, not only a colour.
    expect(links[0].textContent).toContain('High');
    expect(links[0].textContent).toContain('Albert Lisowski');
    expect(links[1].textContent).toContain('Spike');
  });

  it('says plainly when nothing waits, and when the count may be out of date', async () => {
    let { el } = await render(fakeStore(0));
    expect(el.textContent).toContain('No unacknowledged episodes');
    expect(el.querySelector('.bar.alerting')).toBeNull();
    TestBed.resetTestingModule();
    ({ el } = await render(fakeStore(2, [], { error: signal('Server unreachable') })));
    expect(el.querySelector('.bar.alerting')).not.toBeNull();
    expect(el.textContent).toContain('may be out of date');
  });

  it('puts the announcement in an assertive live region', async () => {
    const store = fakeStore(1);
    const { el, fixture } = await render(store);
    store.announcement.set('New high alarm: Anomaly for Albert Lisowski, at 10:00:00.');
    await fixture.whenStable();
    expect(el.querySelector('[aria-live=assertive]')?.textContent).toContain('Albert Lisowski');
  });

  it('toggles the sound with a pressed-state button', async () => {
    const { el, toggle } = await render(fakeStore(0));
    const button = [...el.querySelectorAll('button')].find((b) => b.textContent?.includes('Alarm sound'))!;
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(button.textContent).toContain('Alarm sound: off');
    button.click();
    expect(toggle).toHaveBeenCalled();
  });
});
