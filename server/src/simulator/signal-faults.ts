import { MAX_SENSOR_VALUE, SENSOR_COUNT, SENSOR_NAMES } from './gait-model';

/**
 * Faults in the data rather than in the transport: an answer that arrives fine but says what a
 * broken insole or a silent monitor would say. Each one makes the condition of an episode rule, so
 * a demo or a test can show every rule on chosen patients (README "Episodes and alarms"):
 *
 * | fault     | what the patient's data does                                  | rule (defaults)                  |
 * | --------- | ------------------------------------------------------------- | -------------------------------- |
 * | `stuck`   | one sensor reads one value on every sample                    | FLATLINE after 20 s (100..1019)  |
 * | `stuck`   | … at 1023 (saturated)                                         | OUT_OF_RANGE after 900 s         |
 * | `spike`   | every `periodMs` a sensor holds `from`, then reads `to` once  | SPIKE (to > from) / DROP (lower) |
 * | `silence` | no fresh sample any more: the API repeats one body            | NO_DATA after 30 s               |
 *
 * The API's anomaly flags (ANOMALY) come from the gait model's captured episodes, not from here.
 */

/** A sensor by id, 0..5 (L0 L1 L2 R0 R1 R2). */
export type SensorId = number;

export interface StuckFault {
  readonly sensor: SensorId;
  /** The value it is stuck at. @default 512 (loaded, unsaturated: a FLATLINE) */
  readonly value?: number;
}

export interface SpikeFault {
  readonly sensor: SensorId;
  /** The steady value between jumps. @default 300 */
  readonly from?: number;
  /** The value of the one sample that jumps. @default 950 (a SPIKE; below `from`, a DROP) */
  readonly to?: number;
  /**
   * One jump every this many ms; the sensor is steady in between, which is what a spike is judged
   * against (with the defaults the detector needs a steady second: keep this above
   * SPIKE_BASELINE_MS / 2 plus a sample). @default 5000
   */
  readonly periodMs?: number;
}

export interface SignalFaults {
  /** One sensor stuck at one value. */
  readonly stuck?: StuckFault;
  /** One sensor that jumps from a steady value, periodically. */
  readonly spike?: SpikeFault;
  /** The monitor stops sampling: every answer repeats the sample current when the silence began. */
  readonly silence?: boolean;
}

export const STUCK_DEFAULT_VALUE = 512;
export const SPIKE_DEFAULTS = { from: 300, to: 950, periodMs: 5000 } as const;
/** A shorter period leaves no steady stretch to jump from. */
export const SPIKE_MIN_PERIOD_MS = 1000;

/** True when any data fault is set (the simulator's fast path skips them all otherwise). */
export function hasSignalFaults(f: SignalFaults): boolean {
  return f.stuck !== undefined || f.spike !== undefined || f.silence === true;
}

/** A sensor id from an id or a name (L0..R2), for the CLI; undefined when it is neither. */
export function sensorIdOf(text: string): SensorId | undefined {
  const byName = SENSOR_NAMES.indexOf(text.toUpperCase());
  if (byName >= 0) return byName;
  return /^[0-5]$/.test(text) ? Number(text) : undefined;
}

function checkSensor(name: string, sensor: unknown): void {
  if (!(Number.isInteger(sensor) && (sensor as number) >= 0 && (sensor as number) < SENSOR_COUNT)) {
    throw new RangeError(`fault ${name} must be a sensor id 0..${SENSOR_COUNT - 1}, got ${String(sensor)}`);
  }
}

function checkValue(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_SENSOR_VALUE)) {
    throw new RangeError(`fault ${name} must be an integer 0..${MAX_SENSOR_VALUE}, got ${String(value)}`);
  }
}

/** Throws a RangeError naming the first invalid field. */
export function validateSignalFaults(f: SignalFaults): void {
  if (f.stuck !== undefined) {
    checkSensor('stuck.sensor', f.stuck.sensor);
    checkValue('stuck.value', f.stuck.value);
  }
  if (f.spike !== undefined) {
    checkSensor('spike.sensor', f.spike.sensor);
    checkValue('spike.from', f.spike.from);
    checkValue('spike.to', f.spike.to);
    const from = f.spike.from ?? SPIKE_DEFAULTS.from;
    const to = f.spike.to ?? SPIKE_DEFAULTS.to;
    if (from === to) throw new RangeError(`fault spike.to must differ from spike.from (${from})`);
    const period = f.spike.periodMs;
    if (period !== undefined && !(Number.isFinite(period) && period >= SPIKE_MIN_PERIOD_MS)) {
      throw new RangeError(`fault spike.periodMs must be a number >= ${SPIKE_MIN_PERIOD_MS}, got ${period}`);
    }
  }
  if (f.silence !== undefined && typeof f.silence !== 'boolean') {
    throw new RangeError(`fault silence must be true or false, got ${String(f.silence)}`);
  }
}

/**
 * Writes the stuck and spike faults into a sample's values (silence is the simulator's: it picks
 * which sample to serve). A pure function of the sample index, like the gait model, so every
 * poller of a patient sees the same data.
 */
export function applySignalFaults(
  f: SignalFaults,
  sampleIndex: number,
  sampleIntervalMs: number,
  values: Int16Array,
): void {
  if (f.stuck !== undefined) values[f.stuck.sensor] = f.stuck.value ?? STUCK_DEFAULT_VALUE;
  if (f.spike !== undefined) {
    const period = Math.max(2, Math.round((f.spike.periodMs ?? SPIKE_DEFAULTS.periodMs) / sampleIntervalMs));
    const phase = ((sampleIndex % period) + period) % period;
    values[f.spike.sensor] =
      phase === period - 1 ? (f.spike.to ?? SPIKE_DEFAULTS.to) : (f.spike.from ?? SPIKE_DEFAULTS.from);
  }
}
