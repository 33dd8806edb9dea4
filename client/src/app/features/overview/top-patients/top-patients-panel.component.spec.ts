import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { fail, ok } from '../../../../testing/fakes';
import { TopPatientNamesGQL, TopPatientsGQL } from '../../../graphql/generated';
import { TOP_RANGE_MS, TOP_REFRESH_MS, TopPatientsPanelComponent } from './top-patients-panel.component';

const ranking = (patientId: number, rank: number, value: number) => ({
  patientId,
  rank,
  value,
  readingCount: 100,
});

describe('TopPatientsPanelComponent', () => {
  let fetch: jest.Mock;

  async function render(
    answer: () => unknown = () => ok({ topPatients: [ranking(7, 1, 4), ranking(2, 2, 1), ranking(3, 3, 0)] }),
    settle = true,
  ) {
    fetch = jest.fn(answer);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: TopPatientsGQL, useValue: { fetch } },
        {
          provide: TopPatientNamesGQL,
          useValue: { fetch: () => ok({ patients: [{ id: 7, firstName: 'Anna', lastName: 'Nowak' }] }) },
        },
      ],
    });
    const fixture = TestBed.createComponent(TopPatientsPanelComponent);
    if (settle) await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  const stable = () => TestBed.inject(ApplicationRef).whenStable();

  afterEach(() => jest.useRealTimers());

  it('ranks the last 24 hours by episodes, each patient linking to their page', async () => {
    const before = Date.now();
    const { el } = await render();
    const { variables } = fetch.mock.calls[0][0];
    expect(variables.metric).toBe('EPISODES');
    expect(variables.first).toBe(10);
    expect(Date.parse(variables.to) - Date.parse(variables.from)).toBe(TOP_RANGE_MS);
    expect(Date.parse(variables.to)).toBeGreaterThanOrEqual(before);
    const items = [...el.querySelectorAll('ol li')];
    expect(
      items.map((li) =>
        [...li.children]
          .map((c) => c.textContent?.trim())
          .join(' ')
          .trim(),
      ),
    ).toEqual(['1 Anna Nowak 4 episodes', '2 Patient 2 1 episode']);
    const link = items[0].querySelector('a')!;
    expect(link.getAttribute('href')).toBe('/patients/7');
    expect(link.getAttribute('aria-label')).toBe('1. Anna Nowak: 4 episodes');
    expect((items[1].querySelector('.bar span') as HTMLElement).style.width).toBe('25%');
  });

  it('ranks by another metric when staff choose it', async () => {
    const { el } = await render();
    fetch.mockImplementation(() => ok({ topPatients: [ranking(2, 1, 0.5)] }));
    const imbalance = [...el.querySelectorAll('[role=group] button')].find((b) =>
      b.textContent?.includes('imbalance'),
    ) as HTMLButtonElement;
    imbalance.click();
    await stable();
    expect(fetch.mock.lastCall![0].variables.metric).toBe('LOAD_IMBALANCE');
    expect(imbalance.getAttribute('aria-pressed')).toBe('true');
    expect(el.querySelector('ol')?.textContent).toContain('50 % imbalance');
  });

  it('asks again every minute', async () => {
    jest.useFakeTimers();
    // Under fake timers the app never settles; the component asks as it is created.
    await render(undefined, false);
    expect(fetch).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(TOP_REFRESH_MS);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('has loading, empty and error states in words', async () => {
    const pending = new Subject();
    let { el } = await render(() => pending);
    expect(el.querySelector('[aria-busy=true]')?.getAttribute('aria-label')).toBe('Loading the top 10');
    TestBed.resetTestingModule();
    ({ el } = await render(() => ok({ topPatients: [] })));
    expect(el.textContent).toContain('No archived readings in the last 24 hours yet.');
    TestBed.resetTestingModule();
    ({ el } = await render(() => ok({ topPatients: [ranking(7, 1, 0)] })));
    expect(el.querySelector('ol')).toBeNull();
    expect(el.textContent).toContain('No patient had any episodes started in the last 24 hours.');
    TestBed.resetTestingModule();
    ({ el } = await render(() => fail('The archive is off on this server')));
    expect(el.querySelector('[role=status]')?.textContent).toContain('The archive is off on this server');
    fetch.mockImplementation(() => ok({ topPatients: [ranking(7, 1, 2)] }));
    (el.querySelector('[role=status] button') as HTMLButtonElement).click();
    await stable();
    expect(el.querySelector('ol')?.textContent).toContain('2 episodes');
  });
});
