import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { NEVER } from 'rxjs';
import { ok } from '../testing/fakes';
import { AlarmsGQL, EpisodeEventsGQL } from './graphql/generated';
import { App } from './app';

describe('App shell', () => {
  it('has a skip link, the connection status, a UTC toggle and the alarm bar', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: AlarmsGQL,
          useValue: { fetch: () => ok({ episodes: { totalCount: 0, edges: [] }, patients: [] }) },
        },
        { provide: EpisodeEventsGQL, useValue: { subscribe: () => NEVER } },
      ],
    });
    const fixture = TestBed.createComponent(App);
    // The alarm bar asks once the first navigation has ended (FirstScreen).
    await TestBed.inject(Router).navigateByUrl('/');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('a.skip')?.getAttribute('href')).toBe('#main');
    expect(el.querySelector('[role=status]')?.textContent).toContain('Connecting');
    const toggle = el.querySelector('button[aria-pressed]') as HTMLButtonElement;
    expect(toggle.textContent?.trim()).toBe('Local time');
    toggle.click();
    await fixture.whenStable();
    expect(toggle.textContent?.trim()).toBe('UTC');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    // The alarm bar is part of the shell, so every page has it.
    expect(el.querySelector('pl-alarm-bar')?.textContent).toContain('No unacknowledged episodes');
  });
});
