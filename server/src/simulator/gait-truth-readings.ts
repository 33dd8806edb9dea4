import type { Reading, SensorSample } from '../readings/reading';
import { SENSOR_NAMES, createGaitSample, sampleInto, type GaitProfile } from './gait-model';
import { sampleTruthAt, type SampleTruth } from './gait-truth';
import { traceIdFromUtcMs } from './trace-clock';

/**
 * Readings as Plantar would store them from the simulator, with the truth of every sample, for
 * tests of the gait analysis: the trace ids come from the model's recording clock (as
 * patient-bodies.ts prints them), the receive time `at` advances by `wallMsPerSample` per fresh
 * sample, so the recording clock runs recordingMsPerSample / wallMsPerSample faster than `at`.
 */
export interface WalkReadingsOptions {
  /** Samples (fresh ones; repeats come on top). */
  readonly samples: number;
  /** First sample index (the simulator's, from its instant 0). @default 0 */
  readonly startIndex?: number;
  /** @default 1 */
  readonly patientId?: number;
  /** Receive-time ms per fresh sample. @default 200 */
  readonly wallMsPerSample?: number;
  /** Receive time of the first sample, Unix ms. @default 1_700_000_000_000 */
  readonly startAtMs?: number;
  /** Polled faster than the samples: every sample is stored this many extra times, unchanged. @default 0 */
  readonly repeats?: number;
  /** From sample `at` on (counted from the first), the recording clock is shifted by `seconds`. */
  readonly traceShifts?: readonly { readonly at: number; readonly seconds: number }[];
  /** The trace ids are replaced by this (e.g. '' for pushed data without a trace clock). */
  readonly traceIdOverride?: string;
}

export interface WalkReadings {
  readonly readings: Reading[];
  /** Truth of each fresh sample, in order (repeats not included). */
  readonly truth: SampleTruth[];
}

export function walkReadings(profile: GaitProfile, options: WalkReadingsOptions): WalkReadings {
  const patientId = options.patientId ?? 1;
  const wallMs = options.wallMsPerSample ?? 200;
  const startAt = options.startAtMs ?? 1_700_000_000_000;
  const repeats = options.repeats ?? 0;
  const shifts = options.traceShifts ?? [];
  const readings: Reading[] = [];
  const truth: SampleTruth[] = [];
  const out = createGaitSample();
  for (let n = 0; n < options.samples; n++) {
    const index = (options.startIndex ?? 0) + n;
    sampleInto(profile, index, out);
    const t = sampleTruthAt(profile, index);
    truth.push(t);
    let shift = 0;
    for (const s of shifts) if (n >= s.at) shift += s.seconds * 1000;
    const traceId = options.traceIdOverride ?? String(traceIdFromUtcMs(t.recordingMs + shift));
    const sensors: SensorSample[] = [];
    for (let s = 0; s < out.values.length; s++)
      sensors.push({ id: s, name: SENSOR_NAMES[s]!, value: out.values[s]!, anomaly: false });
    const at = startAt + n * wallMs;
    for (let r = 0; r <= repeats; r++)
      readings.push({ patientId, at: at + (r * wallMs) / (repeats + 1), traceId, sensors });
  }
  return { readings, truth };
}
