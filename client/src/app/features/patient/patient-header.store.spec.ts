import { TestBed } from '@angular/core/testing';
import { Subject, type Observable } from 'rxjs';
import { fail, ok } from '../../../testing/fakes';
import { PatientGQL, PatientsGQL } from '../../graphql/generated';
import { PatientHeaderStore } from './patient-header.store';

function patient(id: number, firstName: string | null = 'Albert', lastName: string | null = 'Lisowski') {
  return { id, firstName, lastName, birthYear: 1991, disabled: false, traceName: 'alek', status: 'LIVE' };
}

/** Lets the switcher's list, asked for after the details without being awaited, arrive. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('PatientHeaderStore', () => {
  let fetchPatient: jest.Mock<Observable<unknown>, [{ variables: { id: number } }]>;
  let fetchPatients: jest.Mock<Observable<unknown>, []>;

  beforeEach(() => {
    fetchPatient = jest.fn(({ variables }) => ok({ patient: patient(variables.id) }));
    fetchPatients = jest.fn(() =>
      ok({ patients: [patient(2, null, null), patient(1, 'Janek', 'Grzegorczyk')] }),
    );
    TestBed.configureTestingModule({
      providers: [
        PatientHeaderStore,
        { provide: PatientGQL, useValue: { fetch: fetchPatient } },
        { provide: PatientsGQL, useValue: { fetch: fetchPatients } },
      ],
    });
  });

  it("loads the patient's details, then the switcher's list in id order", async () => {
    const store = TestBed.inject(PatientHeaderStore);
    await store.load(3);
    expect(store.loading()).toBe(false);
    expect(store.patient()?.id).toBe(3);
    expect(store.notFound()).toBe(false);
    expect(store.fetchedAt()).toBeGreaterThan(0);
    await flushMicrotasks();
    expect(store.others()).toEqual([
      { id: 1, name: 'Janek Grzegorczyk' },
      { id: 2, name: 'Patient 2' },
    ]);
    await store.load(4);
    expect(fetchPatients).toHaveBeenCalledTimes(1); // the list is asked for once
  });

  it('says when there is no such patient', async () => {
    fetchPatient.mockReturnValueOnce(ok({ patient: null }));
    const store = TestBed.inject(PatientHeaderStore);
    await store.load(42);
    expect(store.notFound()).toBe(true);
    expect(store.error()).toBeNull();
  });

  it('reports a failure, and the next load clears it', async () => {
    fetchPatient.mockReturnValueOnce(fail('Server unreachable'));
    const store = TestBed.inject(PatientHeaderStore);
    await store.load(3);
    expect(store.error()).toBe('Server unreachable');
    expect(store.loading()).toBe(false);
    await store.load(3);
    expect(store.error()).toBeNull();
    expect(store.patient()?.id).toBe(3);
  });

  it("keeps the patient staff switched to when the previous one's details arrive late", async () => {
    const slow = new Subject<{ data: unknown }>();
    fetchPatient.mockReturnValueOnce(slow);
    const store = TestBed.inject(PatientHeaderStore);
    const first = store.load(1);
    await store.load(2);
    slow.next({ data: { patient: patient(1) } });
    await first;
    expect(store.patient()?.id).toBe(2);
  });

  it('leaves the switcher empty when the list fails, without an error on the page, and asks again next time', async () => {
    fetchPatients.mockReturnValueOnce(fail('Server unreachable'));
    const store = TestBed.inject(PatientHeaderStore);
    await store.load(3);
    await flushMicrotasks();
    expect(fetchPatients).toHaveBeenCalledTimes(1);
    expect(store.others()).toEqual([]);
    expect(store.error()).toBeNull();
    await store.load(3);
    await flushMicrotasks();
    expect(fetchPatients).toHaveBeenCalledTimes(2);
    expect(store.others()).toHaveLength(2);
  });
});
