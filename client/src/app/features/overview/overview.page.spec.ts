import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideRouter } from '@angular/router';
import { NEVER, Subject, of, type Observable } from 'rxjs';
import { fail, ok } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import {
  OverviewAnomalyCountsGQL,
  OverviewPatientsGQL,
  OverviewSummariesGQL,
  OverviewSummaryFeedGQL,
} from '../../graphql/generated';
import { TopPatientNamesGQL, TopPatientsGQL } from '../../graphql/generated';
import { LAYOUT_KEY } from './overview-params';
import { OverviewPage } from './overview.page';

const NAMES: [string, string][] = [
  ['Elżbieta', 'Kochalska'],
  ['Adam', 'Wiśniewski'],
  ['Anna', 'Nowak'],
];

function patients(now: number) {
  return NAMES.map(([firstName, lastName], i) => ({
    id: i + 1,
    firstName,
    lastName,
    birthYear: 1976,
    disabled: i === 0,
    traceName: 'ela',
    status: 'LIVE',
    lastReadingAt: new Date(now).toISOString(),
  }));
}

function summary(patientId: number, at: number, episode = false) {
  return {
    patientId,
    status: 'LIVE',
    lastReadingAt: new Date(at).toISOString(),
    values: [1, 2, 3, 4, 5, 6],
    anomaly: false,
    flaggedSensors: [],
    leftShare: 0.5,
    openEpisodes: episode ? 1 : 0,
    unacknowledgedEpisodes: episode ? 1 : 0,
    attention: episode ? 'HIGH' : null,
  };
}

describe('OverviewPage', () => {
  let batches: Subject<{ data: unknown }>;

  async function render(url = '/', fetch: jest.Mock = jest.fn(() => ok({ patients: patients(Date.now()) }))) {
    batches = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '', component: OverviewPage }]),
        { provide: OverviewPatientsGQL, useValue: { fetch } },
        {
          provide: OverviewAnomalyCountsGQL,
          useValue: { fetch: () => ok({ patients: NAMES.map((_, i) => ({ id: i + 1, anomalyCount: 0 })) }) },
        },
        {
          provide: OverviewSummariesGQL,
          useValue: {
            fetch: () => ok({ patientSummaries: [summary(1, Date.now()), summary(3, Date.now(), true)] }),
          },
        },
        { provide: OverviewSummaryFeedGQL, useValue: { subscribe: () => batches } },
        // The top-10 panel (top-patients/) has its own spec; here it waits.
        { provide: TopPatientsGQL, useValue: { fetch: () => NEVER } },
        { provide: TopPatientNamesGQL, useValue: { fetch: () => NEVER } },
      ],
    });
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    const harness = await RouterTestingHarness.create(url);
    // The snapshot is applied on the next animation frame.
    await new Promise((r) => requestAnimationFrame(r));
    await harness.fixture.whenStable();
    return { harness, el: harness.routeNativeElement as HTMLElement };
  }

  const hrefs = (el: HTMLElement) =>
    [...el.querySelectorAll('[data-patient-id]')].map((a) => a.getAttribute('href'));

  afterEach(() => localStorage.clear());

  it('lists the patient with an unacknowledged HIGH episode first, then the rest by surname', async () => {
    const { el } = await render();
    expect(hrefs(el)).toEqual(['/patients/3', '/patients/1', '/patients/2']);
    expect(el.querySelector('pl-patient-card')?.getAttribute('aria-setsize')).toBe('3');
  });

  it('tells screen readers the count needing attention, once, not every update', async () => {
    const { el, harness } = await render();
    const region = el.querySelector('[aria-live=polite]') as HTMLElement;
    expect(region.textContent?.trim()).toBe('1 patient needs attention');
    const node = region.firstChild;
    batches.next({
      data: { patientSummaries: { at: new Date().toISOString(), summaries: [summary(1, Date.now() + 100)] } },
    });
    await new Promise((r) => requestAnimationFrame(r));
    await harness.fixture.whenStable();
    // Same text node, same text: nothing for a screen reader to announce.
    expect(region.firstChild).toBe(node);
    expect(region.textContent?.trim()).toBe('1 patient needs attention');
  });

  it('filters from the address, and writes what is typed back into it', async () => {
    const { el, harness } = await render('/?q=wisniewski');
    expect(hrefs(el)).toEqual(['/patients/2']);
    const input = el.querySelector('input[type=search]') as HTMLInputElement;
    expect(input.value).toBe('wisniewski');
    input.value = 'nowak';
    input.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
    expect(hrefs(el)).toEqual(['/patients/3']);
    expect(TestBed.inject(Router).url).toBe('/?q=nowak');
  });

  it('renders the table layout, and remembers it', async () => {
    const { el, harness } = await render();
    const table = [...el.querySelectorAll('pl-overview-toolbar button')].find(
      (b) => b.textContent?.trim() === 'Table',
    );
    (table as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    expect(el.querySelector('[role=table]')?.getAttribute('aria-rowcount')).toBe('4');
    expect(el.querySelectorAll('pl-patient-row[role=row]')).toHaveLength(3);
    expect(TestBed.inject(Router).url).toBe('/?view=table');
    expect(localStorage.getItem(LAYOUT_KEY)).toBe('table');
  });

  it('goes back to cards from a remembered table, though the address does not change', async () => {
    localStorage.setItem(LAYOUT_KEY, 'table');
    const { el, harness } = await render();
    expect(el.querySelector('[role=table]')).not.toBeNull();
    const cards = [...el.querySelectorAll('pl-overview-toolbar button')].find(
      (b) => b.textContent?.trim() === 'Cards',
    );
    (cards as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    expect(el.querySelector('[role=table]')).toBeNull();
    expect(el.querySelectorAll('pl-patient-card')).toHaveLength(3);
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('focuses the search on "/" and moves between patients with the arrow keys', async () => {
    const { el } = await render('/?view=table');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    expect(document.activeElement).toBe(el.querySelector('input[type=search]'));
    const first = el.querySelector<HTMLElement>('[data-patient-id="3"]')!;
    expect(first.getAttribute('tabindex')).toBe('0');
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement?.getAttribute('data-patient-id')).toBe('1');
    (document.activeElement as HTMLElement).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'End', bubbles: true }),
    );
    expect(document.activeElement?.getAttribute('data-patient-id')).toBe('2');
  });

  it('says when nothing matches', async () => {
    const { el } = await render('/?q=zzz');
    expect(el.textContent).toContain('No patient matches');
  });

  it('shows skeletons while loading', async () => {
    const { el } = await render(
      '/',
      jest.fn(() => NEVER),
    );
    expect(el.querySelector('[aria-busy=true]')).not.toBeNull();
  });

  it('explains an empty ward', async () => {
    const { el } = await render(
      '/',
      jest.fn(() => ok({ patients: [] })),
    );
    expect(el.textContent).toContain('No patients are being monitored');
  });

  it('offers a retry when loading fails', async () => {
    const fetch = jest.fn<Observable<unknown>, []>(() => fail('Server unreachable'));
    const { el } = await render('/', fetch);
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Server unreachable');
    fetch.mockReturnValue(of({ data: { patients: [] } }));
    (el.querySelector('[role=alert] button') as HTMLButtonElement).click();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
