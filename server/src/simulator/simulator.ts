import { asciiJson } from './ascii-json';
import {
  ERROR_BODY,
  FaultInjector,
  malformBody,
  validateFaults,
  type FaultConfig,
  type FaultTarget,
} from './faults';
import {
  createGaitSample,
  gaitProfileFor,
  recordingTimeAt,
  sampleInto,
  type AnomalyMode,
  type GaitProfile,
} from './gait-model';
import { bodyTemplate, writeBody, type BodyTemplate } from './monitor-body';
import { simulatedPatient, type SimulatedPatient } from './patients';
import { createRandom, hash3, normalizeSeed } from './seeded-random';
import { traceIdFromUtcMs } from './trace-clock';

export interface SimulatorOptions {
  /** Patients served, ids 1..patients (1..6 are the real six, beyond that generated). @default 6 */
  patients?: number;
  /** Wall-clock ms between fresh samples; polls in between repeat the last one. @default 200 */
  sampleIntervalMs?: number;
  /** Seed of the generated patients, gait noise and fault draws. @default 1 */
  seed?: number | string;
  /** How an anomaly episode flags sensors. @default 'all-sensors' */
  anomalyMode?: AnomalyMode;
  /** Wall clock (ms). Tests pass a fake one. @default Date.now */
  clock?: () => number;
  /** Faults for all patients from the start (see setFaults for run-time changes). @default none */
  faults?: FaultConfig;
  /** Random source (0..1) of fault draws. @default a generator seeded from `seed` */
  random?: () => number;
}

/** What the HTTP layer should do for one request. */
export type SimulatorResponse =
  | { readonly action: 'respond'; readonly status: number; readonly body: string; readonly delayMs: number }
  | { readonly action: 'hang'; readonly delayMs: number };

export interface Simulator {
  readonly patientCount: number;
  readonly sampleIntervalMs: number;
  readonly anomalyMode: AnomalyMode;
  /** The simulator's instant 0 (clock reading at creation): sample 0 starts there. */
  readonly startedAtMs: number;
  /** The answer to `GET /v2/monitor/{patientId}` at `nowMs`, faults included. */
  respond(patientId: number, nowMs?: number): SimulatorResponse;
  /** The fault-free body of a patient's current sample, or undefined for an unknown id. */
  body(patientId: number, nowMs?: number): string | undefined;
  /** Index of the fresh sample current at `nowMs`. */
  sampleIndexAt(nowMs: number): number;
  /** Replaces the faults of one patient or of all ('all'); null clears them. */
  setFaults(target: FaultTarget, faults: FaultConfig | null): void;
  /** The faults in force for a patient. */
  faultsFor(patientId: number): FaultConfig;
  patient(patientId: number): SimulatedPatient | undefined;
  gaitProfile(patientId: number): GaitProfile | undefined;
}

/** Per-patient state, made on first request: a thousand-patient run pays only for polled ids. */
interface PatientState {
  readonly template: BodyTemplate;
  readonly profile: GaitProfile;
  /** Sample index of `body`; -1 before the first. */
  index: number;
  body: string;
}

function checkPositiveInteger(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`simulator ${name} must be an integer 1..${max}, got ${value}`);
  }
}

/**
 * The API simulator's core, without I/O: answers a request for a patient at an instant. Bodies are
 * written once per fresh sample per patient and served from that cache until the next sample, which
 * is both how the real service behaves (polled faster than it samples, it repeats itself byte for
 * byte) and what lets one process serve thousands of patients.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const patientCount = options.patients ?? 6;
  const sampleIntervalMs = options.sampleIntervalMs ?? 200;
  const anomalyMode = options.anomalyMode ?? 'all-sensors';
  const clock = options.clock ?? Date.now;
  checkPositiveInteger('patients', patientCount, 1_000_000);
  if (!(Number.isFinite(sampleIntervalMs) && sampleIntervalMs > 0)) {
    throw new RangeError(`simulator sampleIntervalMs must be a number > 0, got ${sampleIntervalMs}`);
  }
  if (anomalyMode !== 'all-sensors' && anomalyMode !== 'single-sensor') {
    throw new RangeError(
      `simulator anomalyMode must be 'all-sensors' or 'single-sensor', got ${String(anomalyMode)}`,
    );
  }
  if (options.faults !== undefined) validateFaults(options.faults);
  const seed = normalizeSeed(options.seed ?? 1);
  const random = options.random ?? createRandom(hash3(seed, 0xfa17));
  const faults = new FaultInjector(random, options.faults);
  const startedAtMs = clock();
  const states: (PatientState | undefined)[] = [];
  const scratch = createGaitSample();

  const known = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= patientCount;

  const stateOf = (id: number): PatientState => {
    let state = states[id];
    if (state === undefined) {
      state = {
        template: bodyTemplate(simulatedPatient(id, seed)),
        profile: gaitProfileFor(id, seed),
        index: -1,
        body: '',
      };
      states[id] = state;
    }
    return state;
  };

  const sampleIndexAt = (nowMs: number): number => Math.floor((nowMs - startedAtMs) / sampleIntervalMs);

  const currentBody = (id: number, nowMs: number): string => {
    const state = stateOf(id);
    const index = sampleIndexAt(nowMs);
    if (state.index !== index) {
      const sample = sampleInto(state.profile, index, scratch, anomalyMode);
      const traceId = traceIdFromUtcMs(recordingTimeAt(state.profile, sample.loopIndex));
      state.body = writeBody(state.template, traceId, sample.values, sample.anomalyMask);
      state.index = index;
    }
    return state.body;
  };

  return {
    patientCount,
    sampleIntervalMs,
    anomalyMode,
    startedAtMs,
    sampleIndexAt,
    respond(patientId, nowMs = clock()) {
      if (!known(patientId)) {
        const body = asciiJson({ error: `unknown patient ${patientId}: ids are 1..${patientCount}` });
        return { action: 'respond', status: 404, body, delayMs: 0 };
      }
      const { delayMs, outcome } = faults.decide(patientId);
      switch (outcome.kind) {
        case 'ok':
          return { action: 'respond', status: 200, body: currentBody(patientId, nowMs), delayMs };
        case 'error':
          return { action: 'respond', status: 500, body: ERROR_BODY, delayMs };
        case 'hang':
          return { action: 'hang', delayMs };
        case 'malformed': {
          const body = malformBody(currentBody(patientId, nowMs), outcome.malformation, random);
          return { action: 'respond', status: 200, body, delayMs };
        }
      }
    },
    body(patientId, nowMs = clock()) {
      return known(patientId) ? currentBody(patientId, nowMs) : undefined;
    },
    setFaults(target, config) {
      faults.set(target, config);
    },
    faultsFor(patientId) {
      return faults.effective(patientId);
    },
    patient(patientId) {
      return known(patientId) ? simulatedPatient(patientId, seed) : undefined;
    },
    gaitProfile(patientId) {
      return known(patientId) ? stateOf(patientId).profile : undefined;
    },
  };
}
