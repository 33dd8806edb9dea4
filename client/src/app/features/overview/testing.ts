import type { PatientView } from './patient-view';
import { priorityOf } from './triage';

/** A patient view for specs: live, nothing open, named "Anna Nowak" unless told otherwise. */
export function view(id: number, overrides: Partial<PatientView> = {}): PatientView {
  const v: PatientView = {
    id,
    name: `${overrides.firstName ?? 'Anna'} ${overrides.lastName ?? 'Nowak'}`,
    firstName: 'Anna',
    lastName: 'Nowak',
    age: 80,
    birthYear: 1946,
    disabled: false,
    traceName: null,
    serverStatus: 'LIVE',
    status: { kind: 'live', label: 'Live', hint: '' },
    sample: null,
    leftShare: 0.5,
    lastReadingAt: 0,
    anomalyNow: false,
    flaggedSensors: [],
    anomaliesLastHour: 0,
    openEpisodes: 0,
    unacknowledgedEpisodes: 0,
    attention: null,
    priority: 3,
    ...overrides,
  };
  return { ...v, priority: overrides.priority ?? priorityOf(v) };
}
