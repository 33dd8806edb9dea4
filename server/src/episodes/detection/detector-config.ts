import { EPISODE_KINDS, SEVERITIES, type EpisodeKind, type Severity } from '../episode';

/** Sensor values are 10-bit: 0..1023, and a loaded sensor saturates at the top. */
export const SENSOR_VALUE_MAX = 1023;

/**
 * The spike baseline is kept in a fixed ring with one slot per this many ms of `spike.baselineMs`:
 * twice the API's rate of fresh samples (one every ~200 ms), so the ring never runs short at the
 * normal rate. Bounding `baselineMs` bounds the ring.
 */
export const BASELINE_SLOT_MS = 100;
export const BASELINE_MS_MAX = 60_000;

/** Thresholds of the per-patient detectors. Times are ms of `Reading.at` (arrival time). */
export interface DetectorConfig {
  /** API flags (kind ANOMALY): an episode opens after flagged readings span pendingMs (shorter runs are transient blips: counted, never an episode) and clears after unflagged readings span clearMs (a flagged reading inside continues it). @default 1000 / 2000 */
  flags: { pendingMs: number; clearMs: number };
  /** SPIKE / DROP: a sensor jumps up / down by more than `delta` from its baseline (median of the last baselineMs of its values), counted only when that baseline window was steady (max-min <= steadyBand) and mid-range (minBaseline <= median < maxBaseline): walking, standing on a saturated sensor and lifting a foot never count. @default delta 400, baselineMs 2000, steadyBand 30, minBaseline 150 (a foot resting lightly at ~105 and then set down is not a spike: the real captures had one such case at 100), maxBaseline 1000 */
  spike: { delta: number; baselineMs: number; steadyBand: number; minBaseline: number; maxBaseline: number };
  /** FLATLINE (a broken insole): a loaded, unsaturated sensor (minValue <= v < maxValue) stuck within `band` (max-min) for forMs. @default band 2, forMs 20000, minValue 100, maxValue 1020 */
  flatline: { band: number; forMs: number; minValue: number; maxValue: number };
  /** OUT_OF_RANGE (sustained pressure on one spot): a sensor outside [min, max] continuously for forMs. @default min 0, max 1022, forMs 900000 */
  outOfRange: { min: number; max: number; forMs: number };
  /** NO_DATA: no reading for afterMs while the patient is monitored (polled). Patient-level. @default 30000 */
  noData: { afterMs: number };
  /** How long the condition must be absent before a rule episode (SPIKE, DROP, FLATLINE, OUT_OF_RANGE) clears. @default 2000 */
  clearMs: number;
  /** @default ANOMALY HIGH, NO_DATA MEDIUM, FLATLINE MEDIUM, OUT_OF_RANGE LOW, SPIKE LOW, DROP LOW */
  severity: Record<EpisodeKind, Severity>;
  /** @default all true */
  enabled: Record<EpisodeKind, boolean>;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

/** Frozen, so that one caller's tweak cannot leak into every tracker: copy it to change it. */
export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = deepFreeze({
  flags: { pendingMs: 1000, clearMs: 2000 },
  spike: { delta: 400, baselineMs: 2000, steadyBand: 30, minBaseline: 150, maxBaseline: 1000 },
  flatline: { band: 2, forMs: 20_000, minValue: 100, maxValue: 1020 },
  outOfRange: { min: 0, max: 1022, forMs: 900_000 },
  noData: { afterMs: 30_000 },
  clearMs: 2000,
  severity: {
    ANOMALY: 'HIGH',
    NO_DATA: 'MEDIUM',
    FLATLINE: 'MEDIUM',
    OUT_OF_RANGE: 'LOW',
    SPIKE: 'LOW',
    DROP: 'LOW',
  },
  enabled: { ANOMALY: true, SPIKE: true, DROP: true, FLATLINE: true, NO_DATA: true, OUT_OF_RANGE: true },
});

function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}

/**
 * Every inconsistency at once, each naming the field (e.g. "flags.pendingMs (3000) must be shorter
 * than flags.clearMs (2000)", "spike.delta must be a positive integer, got -5"); empty when valid.
 * Tolerates missing sections (the config may come from parsed input): each missing field is named.
 */
export function detectorConfigProblems(c: DetectorConfig): string[] {
  const check = new Checker(c as unknown as Record<string, unknown>);
  checkFlags(check);
  checkSpike(check);
  checkFlatline(check);
  checkOutOfRange(check);
  check.int('noData.afterMs', check.section('noData')['afterMs'], 1);
  check.int('clearMs', c.clearMs, 1);
  checkKinds(check);
  return check.problems;
}

/** Reads a config loosely and collects what is wrong with it. */
class Checker {
  readonly problems: string[] = [];

  constructor(private readonly config: Record<string, unknown>) {}

  /** A section; a hand-built or parsed config may lack one, which is a problem to report, not a TypeError. */
  section(name: string): Record<string, unknown> {
    const s = this.config[name];
    if (typeof s === 'object' && s !== null) return s as Record<string, unknown>;
    this.problems.push(`${name} is missing`);
    return {};
  }

  /** The value when it is an integer >= min (0: non-negative, 1: positive), else undefined after a problem. */
  int(path: string, v: unknown, min: number | null): number | undefined {
    if (typeof v === 'number' && Number.isInteger(v) && (min === null || v >= min)) return v;
    const what = min === null ? 'an integer' : min === 0 ? 'a non-negative integer' : 'a positive integer';
    this.problems.push(`${path} must be ${what}, got ${show(v)}`);
    return undefined;
  }

  below(aPath: string, a: number | undefined, bPath: string, b: number | undefined, why: string): void {
    if (a !== undefined && b !== undefined && !(a < b))
      this.problems.push(`${aPath} (${a}) must be ${why} ${bPath} (${b})`);
  }
}

function checkFlags(check: Checker): void {
  const flags = check.section('flags');
  const pendingMs = check.int('flags.pendingMs', flags['pendingMs'], 0);
  const clearMs = check.int('flags.clearMs', flags['clearMs'], 1);
  // A pause in the flags that is too short to confirm a new episode must not end the current one:
  // otherwise one real episode with a short pause in its flags is reported as two.
  check.below('flags.pendingMs', pendingMs, 'flags.clearMs', clearMs, 'shorter than');
}

function checkSpike(check: Checker): void {
  const spike = check.section('spike');
  const delta = check.int('spike.delta', spike['delta'], 1);
  if (delta !== undefined && delta >= SENSOR_VALUE_MAX) {
    check.problems.push(
      `spike.delta must be below ${SENSOR_VALUE_MAX} (no 10-bit jump can exceed it), got ${delta}`,
    );
  }
  const baselineMs = check.int('spike.baselineMs', spike['baselineMs'], 1);
  if (baselineMs !== undefined && baselineMs > BASELINE_MS_MAX) {
    check.problems.push(
      `spike.baselineMs must be at most ${BASELINE_MS_MAX} (the baseline ring's bound), got ${baselineMs}`,
    );
  }
  const steadyBand = check.int('spike.steadyBand', spike['steadyBand'], 0);
  // The re-arm hysteresis: the window that holds a jump must not look steady, or one jump would
  // count again on every following reading.
  check.below('spike.steadyBand', steadyBand, 'spike.delta', delta, 'smaller than');
  const minBaseline = check.int('spike.minBaseline', spike['minBaseline'], 0);
  const maxBaseline = check.int('spike.maxBaseline', spike['maxBaseline'], 1);
  check.below('spike.minBaseline', minBaseline, 'spike.maxBaseline', maxBaseline, 'smaller than');
}

function checkFlatline(check: Checker): void {
  const flatline = check.section('flatline');
  check.int('flatline.band', flatline['band'], 0);
  check.int('flatline.forMs', flatline['forMs'], 1);
  const min = check.int('flatline.minValue', flatline['minValue'], 0);
  const max = check.int('flatline.maxValue', flatline['maxValue'], 1);
  check.below('flatline.minValue', min, 'flatline.maxValue', max, 'smaller than');
}

function checkOutOfRange(check: Checker): void {
  const outOfRange = check.section('outOfRange');
  const min = check.int('outOfRange.min', outOfRange['min'], null);
  const max = check.int('outOfRange.max', outOfRange['max'], null);
  if (min !== undefined && max !== undefined && min > max) {
    check.problems.push(`outOfRange.min (${min}) must not exceed outOfRange.max (${max})`);
  }
  check.int('outOfRange.forMs', outOfRange['forMs'], 1);
}

function checkKinds(check: Checker): void {
  const severity = check.section('severity');
  const enabled = check.section('enabled');
  for (const kind of EPISODE_KINDS) {
    if (!SEVERITIES.includes(severity[kind] as Severity)) {
      check.problems.push(
        `severity.${kind} must be one of ${SEVERITIES.join(', ')}, got ${show(severity[kind])}`,
      );
    }
    if (typeof enabled[kind] !== 'boolean') {
      check.problems.push(`enabled.${kind} must be true or false, got ${show(enabled[kind])}`);
    }
  }
}
