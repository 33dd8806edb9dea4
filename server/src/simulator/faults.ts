import { asciiJson } from './ascii-json';
import { pick } from './seeded-random';
import { hasSignalFaults, validateSignalFaults, type SignalFaults } from './signal-faults';

/**
 * Fault injection: the ways the real service and the network in front of it misbehave, on demand,
 * so the poller's handling of each can be tested and benchmarked; and, in the data itself, what makes
 * each episode rule fire (signal-faults.ts). Faults are set for all patients and/or per patient at
 * run time; a patient's own settings override the global ones field by field.
 */

/** Ways a 200 response can carry a body the client must refuse. */
export type MalformedKind =
  /** The JSON cut short, as when a connection drops mid-body. */
  | 'truncated-json'
  /** Not JSON at all: an HTML error page from a proxy. */
  | 'non-json'
  /** Five or seven sensors instead of six. */
  | 'wrong-sensor-count'
  /** One sensor value 2048, -1 or "abc". */
  | 'value-out-of-range'
  /** A required field (a name, the trace, its id or sensors, a sensor value) left out. */
  | 'missing-field';

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'truncated-json',
  'non-json',
  'wrong-sensor-count',
  'value-out-of-range',
  'missing-field',
];

export interface FaultConfig extends SignalFaults {
  /** Chance (0..1) per request of an HTTP 500 instead of the reading. @default 0 */
  errorRate?: number;
  /** Delay (ms) before any answer. @default 0 */
  latencyMs?: number;
  /** Extra delay drawn uniformly from 0..latencyJitterMs per request. @default 0 */
  latencyJitterMs?: number;
  /** Chance (0..1) per request of a 200 with a malformed body. @default 0 */
  malformedRate?: number;
  /** The malformations drawn from, uniformly. @default all of MALFORMED_KINDS */
  malformedKinds?: readonly MalformedKind[];
  /** Send the headers and never end the body, on every request. @default false */
  hang?: boolean;
  /** Chance (0..1) per request of hanging like `hang`. @default 0 */
  hangRate?: number;
}

/** What to do with one request. */
export type FaultOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'malformed'; readonly malformation: MalformedKind };

export interface FaultDecision {
  readonly delayMs: number;
  readonly outcome: FaultOutcome;
}

export type FaultTarget = number | 'all';

const OK: FaultOutcome = { kind: 'ok' };
const ERROR: FaultOutcome = { kind: 'error' };
const HANG: FaultOutcome = { kind: 'hang' };
const NO_DELAY_OK: FaultDecision = { delayMs: 0, outcome: OK };

/** Throws a RangeError naming the first invalid field; settings come from the CLI and tests. */
export function validateFaults(faults: FaultConfig): void {
  const rate = (name: keyof FaultConfig, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
      throw new RangeError(`fault ${name} must be a number 0..1, got ${value}`);
    }
  };
  const ms = (name: keyof FaultConfig, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`fault ${name} must be a number of milliseconds >= 0, got ${value}`);
    }
  };
  rate('errorRate', faults.errorRate);
  rate('malformedRate', faults.malformedRate);
  rate('hangRate', faults.hangRate);
  ms('latencyMs', faults.latencyMs);
  ms('latencyJitterMs', faults.latencyJitterMs);
  validateSignalFaults(faults);
  if (faults.malformedKinds !== undefined) {
    if (faults.malformedKinds.length === 0) throw new RangeError('fault malformedKinds must not be empty');
    for (const kind of faults.malformedKinds) {
      if (!MALFORMED_KINDS.includes(kind)) {
        throw new RangeError(
          `unknown malformed kind ${String(kind)}: use one of ${MALFORMED_KINDS.join(', ')}`,
        );
      }
    }
  }
}

function isActive(f: FaultConfig): boolean {
  return (
    (f.errorRate ?? 0) > 0 ||
    (f.latencyMs ?? 0) > 0 ||
    (f.latencyJitterMs ?? 0) > 0 ||
    (f.malformedRate ?? 0) > 0 ||
    f.hang === true ||
    (f.hangRate ?? 0) > 0
  );
}

/** Holds the global and per-patient settings and draws a decision per request. */
export class FaultInjector {
  private global: FaultConfig = {};
  private readonly perPatient = new Map<number, FaultConfig>();
  /** Effective settings per patient, rebuilt lazily after a change; undefined = no fault at all. */
  private readonly effectiveCache = new Map<number, FaultConfig | undefined>();
  private anyActive = false;
  /** Data faults per patient, cached like the effective settings; undefined = none. */
  private readonly signalCache = new Map<number, SignalFaults | undefined>();
  private anySignal = false;

  constructor(
    private readonly random: () => number,
    initial?: FaultConfig,
  ) {
    if (initial !== undefined) this.set('all', initial);
  }

  /** Replaces the settings of one patient or the global ones; null clears them. */
  set(target: FaultTarget, faults: FaultConfig | null): void {
    if (faults !== null) validateFaults(faults);
    if (target === 'all') this.global = faults === null ? {} : { ...faults };
    else if (!Number.isInteger(target) || target < 1)
      throw new RangeError(`fault target must be 'all' or a patient id, got ${target}`);
    else if (faults === null) this.perPatient.delete(target);
    else this.perPatient.set(target, { ...faults });
    this.effectiveCache.clear();
    this.signalCache.clear();
    this.anyActive = isActive(this.global) || [...this.perPatient.values()].some(isActive);
    this.anySignal = hasSignalFaults(this.global) || [...this.perPatient.values()].some(hasSignalFaults);
  }

  /** The data faults in force for a patient, or undefined (at no cost when none is set anywhere). */
  signal(patientId: number): SignalFaults | undefined {
    if (!this.anySignal) return undefined;
    if (this.signalCache.has(patientId)) return this.signalCache.get(patientId);
    const merged = this.effective(patientId);
    const f = hasSignalFaults(merged) ? merged : undefined;
    this.signalCache.set(patientId, f);
    return f;
  }

  /** The settings in force for a patient (its own over the global ones). */
  effective(patientId: number): FaultConfig {
    return { ...this.global, ...this.perPatient.get(patientId) };
  }

  decide(patientId: number): FaultDecision {
    // The common case (no faults anywhere) must cost nothing: it runs for every request.
    if (!this.anyActive) return NO_DELAY_OK;
    let f = this.effectiveCache.get(patientId);
    if (!this.effectiveCache.has(patientId)) {
      const merged = this.effective(patientId);
      f = isActive(merged) ? merged : undefined;
      this.effectiveCache.set(patientId, f);
    }
    if (f === undefined) return NO_DELAY_OK;
    const jitter = f.latencyJitterMs ?? 0;
    const delayMs = (f.latencyMs ?? 0) + (jitter > 0 ? this.random() * jitter : 0);
    let outcome: FaultOutcome = OK;
    if (f.hang === true || this.chance(f.hangRate)) outcome = HANG;
    else if (this.chance(f.errorRate)) outcome = ERROR;
    else if (this.chance(f.malformedRate)) {
      const kinds = f.malformedKinds ?? MALFORMED_KINDS;
      outcome = { kind: 'malformed', malformation: pick(this.random, kinds) };
    }
    return { delayMs, outcome };
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}

/** The body of an HTTP 500. */
export const ERROR_BODY = '{"error":"internal server error (simulated fault)"}';

/** What a misconfigured proxy answers instead of the API's JSON. */
const NON_JSON_BODY =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a valid body (as written by the simulator) into the requested malformation. Not on the hot
 * path: it runs only for the requests a test chose to spoil.
 */
export function malformBody(body: string, kind: MalformedKind, random: () => number): string {
  switch (kind) {
    case 'truncated-json':
      // Any proper prefix of a JSON object is invalid: the closing brace comes last.
      return body.slice(0, 1 + Math.floor(random() * (body.length - 2)));
    case 'non-json':
      return NON_JSON_BODY;
    default:
      break;
  }
  const parsed: unknown = JSON.parse(body);
  const trace: unknown = isObject(parsed) ? parsed['trace'] : undefined;
  const rawSensors: unknown = isObject(trace) ? trace['sensors'] : undefined;
  if (!isObject(parsed) || !isObject(trace) || !Array.isArray(rawSensors)) {
    throw new TypeError('malformBody expects a body written by the simulator');
  }
  const sensors: unknown[] = rawSensors;
  if (kind === 'wrong-sensor-count') {
    if (random() < 0.5) sensors.pop();
    else sensors.push({ anomaly: false, id: sensors.length, name: 'X0', value: 512 });
  } else if (kind === 'value-out-of-range') {
    const sensor = pick(random, sensors);
    if (isObject(sensor)) sensor['value'] = pick<number | string>(random, [2048, -1, 'abc']);
  } else {
    // Only fields a client cannot do without (birthdate and a sensor's name may be absent in real bodies).
    const where = pick(random, [
      'firstname',
      'lastname',
      'disabled',
      'trace',
      'trace.id',
      'trace.name',
      'trace.sensors',
      'sensor.value',
    ]);
    if (where === 'trace.id') delete trace['id'];
    else if (where === 'trace.name') delete trace['name'];
    else if (where === 'trace.sensors') delete trace['sensors'];
    else if (where === 'sensor.value') {
      const sensor = pick(random, sensors);
      if (isObject(sensor)) delete sensor['value'];
    } else delete parsed[where];
  }
  return asciiJson(parsed);
}
