import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { RouterTestingHarness } from '@angular/router/testing';
import { fakeFeed, ok, reading } from '../testing/fakes';
import { appConfig } from './app.config';
import { LiveFeed } from './core/live-feed.service';
import { NotFoundPage } from './features/not-found/not-found.page';
import { OverviewPage } from './features/overview/overview.page';
import { PatientPage } from './features/patient/patient.page';
import { NEVER } from 'rxjs';
import {
  AnomaliesGQL,
  OverviewPatientsGQL,
  OverviewSummariesGQL,
  OverviewSummaryFeedGQL,
  PatientGQL,
  PatientsGQL,
  ReadingsGQL,
} from './graphql/generated';

function patient(id: number) {
  return {
    id,
    firstName: 'Albert',
    lastName: 'Lisowski',
    birthYear: 1991,
    disabled: false,
    traceName: 'alek',
    status: 'LIVE',
    lastReadingAt: null,
    anomalyCount: 0,
    latest: null,
  };
}

/** Lets answers the fakes already gave (resolved promises) reach the page, then renders it. */
async function settled(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await harness.fixture.whenStable();
}

/**
 * The app's own providers (router features included) with the API faked: what a URL shows is
 * what matters, whichever way the route table is written.
 */
describe('navigation', () => {
  let fetchPatient: jest.Mock;

  // The patient route brings ECharts, which jest transforms from ESM on first load: seconds on a
  // busy machine. Loaded once here, outside any one test's time limit; navigation then reuses it.
  beforeAll(() => import('./features/patient/patient.routes'), 60_000);

  beforeEach(() => {
    fetchPatient = jest.fn(({ variables }) => ok({ patient: patient(variables.id) }));
    TestBed.configureTestingModule({
      providers: [
        ...appConfig.providers,
        { provide: LiveFeed, useValue: fakeFeed().feed },
        { provide: PatientsGQL, useValue: { fetch: () => ok({ patients: [patient(1), patient(3)] }) } },
        {
          provide: OverviewPatientsGQL,
          useValue: { fetch: () => ok({ patients: [patient(1), patient(3)] }) },
        },
        { provide: OverviewSummariesGQL, useValue: { fetch: () => ok({ patientSummaries: [] }) } },
        { provide: OverviewSummaryFeedGQL, useValue: { subscribe: () => NEVER } },
        { provide: PatientGQL, useValue: { fetch: fetchPatient } },
        {
          provide: ReadingsGQL,
          useValue: { fetch: () => ok({ readings: [reading(3, Date.now() - 200), reading(3, Date.now())] }) },
        },
        {
          provide: AnomaliesGQL,
          useValue: {
            fetch: () =>
              ok({
                anomalies: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 },
              }),
          },
        },
      ],
    });
  });

  it("shows every patient at '/'", async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/', OverviewPage);
    await settled(harness);
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('Patients');
    expect(
      [...(harness.routeNativeElement?.querySelectorAll('a[data-patient-id]') ?? [])].map((a) =>
        a.getAttribute('href'),
      ),
    ).toEqual(['/patients/1', '/patients/3']); // namesakes, so by id
    expect(TestBed.inject(Title).getTitle()).toBe('Patients · Plantar');
  });

  it('shows the patient named in the address, with the traces drawn', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/3', PatientPage);
    await settled(harness);
    // The id reaches the page from the URL, and the page asks for that patient.
    expect(fetchPatient).toHaveBeenCalledWith(expect.objectContaining({ variables: { id: 3 } }));
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toContain('Albert Lisowski');
    // ECharts is provided by the lazy patient route: without it the traces would not render.
    expect(harness.routeNativeElement?.querySelectorAll('pl-trace-chart [role=img]')).toHaveLength(2);
    expect(TestBed.inject(Title).getTitle()).toBe('Patient · Plantar');
  });

  it('says so for an address that is not a page, with a way back', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/no/such/page', NotFoundPage);
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('Page not found');
    expect(harness.routeNativeElement?.querySelector('a')?.getAttribute('href')).toBe('/');
    expect(TestBed.inject(Title).getTitle()).toBe('Not found · Plantar');
  });

  it('goes from one patient to another without leaving the patient page', async () => {
    const harness = await RouterTestingHarness.create();
    const first = await harness.navigateByUrl('/patients/1', PatientPage);
    const second = await harness.navigateByUrl('/patients/3', PatientPage);
    await settled(harness);
    expect(second).toBe(first);
    expect(fetchPatient.mock.calls.map(([options]) => options.variables.id)).toEqual([1, 3]);
  });
});
