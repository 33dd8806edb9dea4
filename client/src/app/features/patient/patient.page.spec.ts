import { ApplicationRef, Component, input, output } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { NEVER } from 'rxjs';
import { episode } from '../../../testing/episodes';
import { fakeFeed, ok, reading } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed } from '../../core/episode-feed.service';
import { LiveFeed } from '../../core/live-feed.service';
import {
  AcknowledgeEpisodeGQL,
  AnomaliesGQL,
  GaitDaysGQL,
  GaitLiveGQL,
  GaitWindowLiveGQL,
  EpisodeReadingsGQL,
  PatientEpisodesGQL,
  PatientGQL,
  PatientsGQL,
  ReadingsGQL,
} from '../../graphql/generated';
import type { Episode } from '../../shared/episode';
import { AnomalyHistogramComponent } from './anomaly-histogram.component';
import { HistoryViewComponent } from './history-view.component';
import { PatientPage } from './patient.page';
import { TraceChartComponent } from './trace-chart.component';

@Component({ selector: 'pl-trace-chart', template: '' })
class TraceChartStub {
  readonly foot = input<string>();
  readonly samples = input<unknown>();
  readonly range = input<unknown>();
  readonly episodes = input<unknown>();
  readonly marker = input<unknown>();
  readonly utc = input<boolean>();
  readonly zoom = input<unknown>();
  readonly zoomChange = output<unknown>();
}

@Component({ selector: 'pl-history-view', template: '' })
class HistoryViewStub {
  readonly patientId = input<number>();
}

@Component({ selector: 'pl-anomaly-histogram', template: '' })
class HistogramStub {
  readonly left = input<unknown>();
  readonly right = input<unknown>();
  readonly readings = input<number>();
}

describe('PatientPage', () => {
  let readingsFetch: jest.Mock;
  let lastFixture: ComponentFixture<PatientPage>;

  async function render(
    id: string,
    patient: unknown = defaultPatient(),
    episodes: Episode[] = [],
    linked?: string,
  ) {
    const now = Date.now();
    readingsFetch = jest.fn(() => ok({ readings: [reading(3, now, [1023, 40, 900, 30, 30, 30], 1)] }));
    const edges = episodes.map((node) => ({ node }));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: LiveFeed, useValue: fakeFeed().feed },
        { provide: PatientGQL, useValue: { fetch: () => ok({ patient }) } },
        { provide: PatientsGQL, useValue: { fetch: () => ok({ patients: [defaultPatient()] }) } },
        { provide: ReadingsGQL, useValue: { fetch: readingsFetch } },
        { provide: EpisodeFeed, useValue: { forPatient: () => NEVER } },
        {
          provide: PatientEpisodesGQL,
          useValue: {
            fetch: () =>
              ok({
                unacknowledged: { totalCount: edges.length, edges },
                recent: {
                  totalCount: edges.length,
                  pageInfo: { hasNextPage: false, endCursor: null },
                  edges,
                },
              }),
          },
        },
        {
          provide: EpisodeReadingsGQL,
          useValue: { fetch: () => ok({ episodes: { edges: [] } }) },
        },
        { provide: AcknowledgeEpisodeGQL, useValue: { mutate: () => NEVER } },
        { provide: GaitLiveGQL, useValue: { subscribe: () => NEVER } },
        { provide: GaitWindowLiveGQL, useValue: { subscribe: () => NEVER } },
        { provide: GaitDaysGQL, useValue: { fetch: () => NEVER } },
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
    TestBed.overrideComponent(PatientPage, {
      remove: { imports: [TraceChartComponent, AnomalyHistogramComponent, HistoryViewComponent] },
      add: { imports: [TraceChartStub, HistogramStub, HistoryViewStub] },
    });
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    const fixture = TestBed.createComponent(PatientPage);
    lastFixture = fixture;
    fixture.componentRef.setInput('id', id);
    if (linked) fixture.componentRef.setInput('episode', linked);
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  function defaultPatient() {
    return {
      id: 3,
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

  it('shows the header, the live feet and the flagged sensor', async () => {
    const el = await render('3');
    expect(el.querySelector('h1')?.textContent).toContain('Albert Lisowski');
    expect(el.textContent).toContain('Born 1991');
    expect(el.textContent).toContain('Trace');
    expect(el.querySelector('.flag-note')?.textContent).toContain('L0 (left front inner edge)');
    expect(el.querySelectorAll('pl-trace-chart')).toHaveLength(2);
    expect(
      el.querySelector('[role=group][aria-label="Time window"]')?.querySelectorAll('button'),
    ).toHaveLength(4);
    expect(el.textContent).toContain('No episodes recorded');
  });

  it('opens the episode an alarm link names: expanded, with the traces around its start', async () => {
    const startedAt = '2026-12-03T10:00:00.000Z';
    // jsdom lays nothing out and has no scrollIntoView.
    const scrolled = jest.fn();
    Element.prototype.scrollIntoView = scrolled;
    const el = await render(
      '3',
      defaultPatient(),
      [episode({ id: 'other', patientId: 3 }), episode({ id: 'ep-9', patientId: 3, startedAt })],
      'ep-9',
    );
    await TestBed.inject(ApplicationRef).whenStable();
    expect(el.querySelector('#episode-toggle-ep-9')?.getAttribute('aria-expanded')).toBe('true');
    expect(el.querySelector('#episode-toggle-other')?.getAttribute('aria-expanded')).toBe('false');
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(document.activeElement?.id).toBe('episode-toggle-ep-9');
    const start = Date.parse(startedAt);
    expect(readingsFetch).toHaveBeenLastCalledWith(
      expect.objectContaining({
        variables: expect.objectContaining({
          from: new Date(start - 5000).toISOString(),
          to: new Date(start + 5000).toISOString(),
        }),
      }),
    );
    expect(el.querySelector('#traces-title')?.textContent).toContain('Traces around');
  });

  it('shows the patient’s history below the live panels', async () => {
    const el = await render('3');
    const panel = el.querySelector('section.history');
    expect(panel?.getAttribute('aria-labelledby')).toBe('history-title');
    const view = lastFixture.debugElement.query(By.directive(HistoryViewStub));
    expect(panel?.contains(view.nativeElement)).toBe(true);
    expect((view.componentInstance as HistoryViewStub).patientId()).toBe(3);
  });

  it('fades the feet and says so when the values shown are not live', async () => {
    const el = await render('3');
    expect(el.querySelector('.insoles.not-live')).toBeNull();
    TestBed.inject(ConnectionService).handle({ type: 'closed' });
    await new Promise((r) => setTimeout(r, 0));
    await TestBed.inject(ApplicationRef).whenStable();
    expect(el.querySelector('.insoles.not-live')).not.toBeNull();
    expect(el.querySelector('.not-live-note')?.textContent).toContain('Not live');
  });

  it('says when there is no such patient', async () => {
    expect((await render('abc')).textContent).toContain('No such patient');
    TestBed.resetTestingModule();
    expect((await render('42', null)).textContent).toContain('No such patient');
  });
});
