import { asciiJson } from './ascii-json';
import {
  ERROR_BODY,
  FaultInjector,
  malformBody,
  validateFaults,
  type FaultConfig,
  type FaultTarget,
} from './faults';
import { isAnomalyMode, type AnomalyMode, type GaitProfile } from './gait-model';
import { createPatientBodies } from './patient-bodies';
import { simulatedPatient, type SimulatedPatient } from './patients';
import { createRandom, hash3, normalizeSeed } from './seeded-random';

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
  /** Faults of chosen patients from the start, over `faults` (e.g. `{ 3: { stuck: { sensor: 1 } } }`). @default none */
  patientFaults?: Readonly<Record<number, FaultConfig>>;
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
  /** The answer to `GET /v2/monitor/{patientId}` at `nowMs`, faults included (data faults too). */
  respond(patientId: number, nowMs?: number): SimulatorResponse;
  /** The fault-free body of a patient's current sample (no data fault either), or undefined for an unknown id. */
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

function checkPositiveInteger(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`simulator ${name} must be an integer 1..${max}, got ${value}`);
  }
}

/** SimulatorOptions with their defaults filled in. */
interface SimulatorSettings {
  readonly patientCount: number;
  readonly sampleIntervalMs: number;
  readonly anomalyMode: AnomalyMode;
  readonly clock: () => number;
  /** The normalized seed. */
  readonly seed: number;
  readonly random: () => number;
}

/** Fills in the defaults and checks every option, so a bad one throws before anything starts. */
function simulatorSettings(options: SimulatorOptions): SimulatorSettings {
  const patientCount = options.patients ?? 6;
  const sampleIntervalMs = options.sampleIntervalMs ?? 200;
  const anomalyMode = options.anomalyMode ?? 'all-sensors';
  const clock = options.clock ?? Date.now;
  checkPositiveInteger('patients', patientCount, 1_000_000);
  if (!(Number.isFinite(sampleIntervalMs) && sampleIntervalMs > 0)) {
    throw new RangeError(`simulator sampleIntervalMs must be a number > 0, got ${sampleIntervalMs}`);
  }
  if (!isAnomalyMode(anomalyMode)) {
    throw new RangeError(
      `simulator anomalyMode must be 'all-sensors' or 'single-sensor', got ${String(anomalyMode)}`,
    );
  }
  if (options.faults !== undefined) validateFaults(options.faults);
  const seed = normalizeSeed(options.seed ?? 1);
  const random = options.random ?? createRandom(hash3(seed, 0xfa17));
  return { patientCount, sampleIntervalMs, anomalyMode, clock, seed, random };
}

/** The 404 of an id outside 1..patientCount. */
function unknownPatient(patientId: number, patientCount: number): SimulatorResponse {
  const body = asciiJson({ error: `unknown patient ${patientId}: ids are 1..${patientCount}` });
  return { action: 'respond', status: 404, body, delayMs: 0 };
}

/** The faults of `options` (global, then per patient), each checked; a patient outside 1..patientCount is refused. */
function initialFaults(random: () => number, options: SimulatorOptions, patientCount: number): FaultInjector {
  const faults = new FaultInjector(random, options.faults);
  for (const [id, config] of Object.entries(options.patientFaults ?? {})) {
    if (!(Number(id) <= patientCount)) {
      throw new RangeError(`simulator patientFaults: patient ${id} is not one of 1..${patientCount}`);
    }
    faults.set(Number(id), config);
  }
  return faults;
}

/** Silent patients and the sample each repeats: the one current at its first request in silence. */
class Silences {
  private readonly since = new Map<number, number>();

  /** The sample a silent patient serves, `current` if its silence starts now. */
  frozen(patientId: number, current: number): number {
    const frozen = this.since.get(patientId);
    if (frozen !== undefined) return frozen;
    this.since.set(patientId, current);
    return current;
  }

  /** Forgets the silences that ended: those patients' data goes on from the current sample. */
  lift(ended: (patientId: number) => boolean): void {
    for (const id of [...this.since.keys()]) if (ended(id)) this.since.delete(id);
  }
}

/**
 * The API simulator's core, without I/O: answers a request for a patient at an instant, from the
 * patient's current sample (see createPatientBodies) and the faults in force.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const { patientCount, sampleIntervalMs, anomalyMode, clock, seed, random } = simulatorSettings(options);
  const faults = initialFaults(random, options, patientCount);
  const startedAtMs = clock();
  const bodies = createPatientBodies(seed, anomalyMode, sampleIntervalMs);
  const silences = new Silences();

  const known = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= patientCount;
  const sampleIndexAt = (nowMs: number): number => Math.floor((nowMs - startedAtMs) / sampleIntervalMs);
  /** The body a request gets: the data faults applied, and a silent patient's one repeated sample. */
  const currentBody = (id: number, nowMs: number): string => {
    const signal = faults.signal(id);
    const index = sampleIndexAt(nowMs);
    return bodies.bodyAt(id, signal?.silence === true ? silences.frozen(id, index) : index, signal);
  };

  return {
    patientCount,
    sampleIntervalMs,
    anomalyMode,
    startedAtMs,
    sampleIndexAt,
    respond(patientId, nowMs = clock()) {
      if (!known(patientId)) return unknownPatient(patientId, patientCount);
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
      return known(patientId) ? bodies.bodyAt(patientId, sampleIndexAt(nowMs)) : undefined;
    },
    setFaults(target, config) {
      faults.set(target, config);
      silences.lift((id) => faults.signal(id)?.silence !== true);
    },
    faultsFor(patientId) {
      return faults.effective(patientId);
    },
    patient(patientId) {
      return known(patientId) ? simulatedPatient(patientId, seed) : undefined;
    },
    gaitProfile(patientId) {
      return known(patientId) ? bodies.gaitProfile(patientId) : undefined;
    },
  };
}
