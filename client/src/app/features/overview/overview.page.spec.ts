import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, of, type Observable } from 'rxjs';
import { fail, fakeFeed, ok, reading } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { PatientsGQL } from '../../graphql/generated';
import { OverviewPage } from './overview.page';

describe('OverviewPage', () => {
  async function render(fetch: jest.Mock) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: PatientsGQL, useValue: { fetch } },
        { provide: LiveFeed, useValue: fakeFeed().feed },
      ],
    });
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    const fixture = TestBed.createComponent(OverviewPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows a card per patient linking to the patient page', async () => {
    const now = Date.now();
    const el = await render(
      jest.fn(() =>
        ok({
          patients: [1, 2].map((id) => ({
            id,
            firstName: 'Elżbieta',
            lastName: 'Kochalska',
            birthYear: 1976,
            disabled: true,
            traceName: 'ela',
            status: 'LIVE',
            lastReadingAt: new Date(now).toISOString(),
            anomalyCount: 0,
            latest: reading(id, now),
          })),
        }),
      ),
    );
    const links = [...el.querySelectorAll('a.card')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/patients/1', '/patients/2']);
    expect(links[0].getAttribute('aria-label')).toContain('Elżbieta Kochalska, Live');
    expect(el.textContent).toContain('Disabled');
  });

  it('shows skeletons while loading', async () => {
    const el = await render(jest.fn(() => NEVER));
    expect(el.querySelector('[aria-busy=true]')).not.toBeNull();
  });

  it('explains an empty list', async () => {
    const el = await render(jest.fn(() => ok({ patients: [] })));
    expect(el.textContent).toContain('No patients are being monitored');
  });

  it('offers a retry when loading fails', async () => {
    const fetch = jest.fn<Observable<unknown>, []>(() => fail('Server unreachable'));
    const el = await render(fetch);
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Server unreachable');
    fetch.mockReturnValue(of({ data: { patients: [] } }));
    (el.querySelector('[role=alert] button') as HTMLButtonElement).click();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
