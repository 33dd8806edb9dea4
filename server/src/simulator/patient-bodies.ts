import {
  createGaitSample,
  gaitProfileFor,
  recordingTimeAt,
  sampleInto,
  type AnomalyMode,
  type GaitProfile,
} from './gait-model';
import { bodyTemplate, writeBody, type BodyTemplate } from './monitor-body';
import { simulatedPatient } from './patients';
import { applySignalFaults, type SignalFaults } from './signal-faults';
import { traceIdFromUtcMs } from './trace-clock';

/** Per-patient state, made on first request: a thousand-patient run pays only for polled ids. */
interface PatientState {
  readonly template: BodyTemplate;
  readonly profile: GaitProfile;
  /** Sample index of `body`; -1 before the first. */
  index: number;
  /** The data faults written into `body` (compared by identity: the injector hands out one object per setting). */
  signal: SignalFaults | undefined;
  body: string;
}

/** The response bodies of the simulated patients, by patient id and sample index. */
export interface PatientBodies {
  /** The body of a patient's sample `sampleIndex`, with `signal`'s stuck and spike faults in its values. */
  bodyAt(patientId: number, sampleIndex: number, signal?: SignalFaults): string;
  gaitProfile(patientId: number): GaitProfile;
}

/**
 * Bodies are written once per fresh sample per patient and served from that cache until the next
 * sample, which is both how the real service behaves (polled faster than it samples, it repeats
 * itself byte for byte) and what lets one process serve thousands of patients. Ids are not checked
 * here: the caller answers unknown ones before asking.
 */
export function createPatientBodies(
  seed: number,
  anomalyMode: AnomalyMode,
  sampleIntervalMs: number,
): PatientBodies {
  const states: (PatientState | undefined)[] = [];
  // One sample reused for every patient: writing a body allocates only the string.
  const scratch = createGaitSample();

  const stateOf = (id: number): PatientState => {
    let state = states[id];
    if (state === undefined) {
      state = {
        template: bodyTemplate(simulatedPatient(id, seed)),
        profile: gaitProfileFor(id, seed),
        index: -1,
        signal: undefined,
        body: '',
      };
      states[id] = state;
    }
    return state;
  };

  return {
    bodyAt(id, index, signal) {
      const state = stateOf(id);
      if (state.index !== index || state.signal !== signal) {
        const sample = sampleInto(state.profile, index, scratch, anomalyMode);
        if (signal !== undefined) applySignalFaults(signal, index, sampleIntervalMs, sample.values);
        const traceId = traceIdFromUtcMs(recordingTimeAt(state.profile, sample.loopIndex));
        state.body = writeBody(state.template, traceId, sample.values, sample.anomalyMask);
        state.index = index;
        state.signal = signal;
      }
      return state.body;
    },
    gaitProfile: (id) => stateOf(id).profile,
  };
}
