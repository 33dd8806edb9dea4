/**
 * The dashboard's compact form of a reading: one timestamp, six values, a bit mask of flagged
 * sensors. Ten minutes of one patient at 5 Hz is 3000 of these.
 */
export interface Sample {
  /** Received at, epoch milliseconds. */
  readonly t: number;
  /** Pressure of sensors 0..5, each 0..1023. */
  readonly v: readonly number[];
  /** Bit i set when sensor i is flagged. */
  readonly flags: number;
  readonly traceId: string;
}

export const SENSOR_COUNT = 6;
export const MAX_PRESSURE = 1023;

export type FootSide = 'left' | 'right';

export interface SensorInfo {
  readonly id: number;
  readonly name: string;
  readonly foot: FootSide;
  /** Index within its foot: 0 front inner edge, 1 front outer edge, 2 heel. */
  readonly place: 0 | 1 | 2;
  readonly label: string;
}

const PLACES = ['front inner edge', 'front outer edge', 'heel'] as const;

export const SENSORS: readonly SensorInfo[] = Array.from({ length: SENSOR_COUNT }, (_, id) => {
  const foot: FootSide = id < 3 ? 'left' : 'right';
  const place = (id % 3) as 0 | 1 | 2;
  return { id, name: `${foot === 'left' ? 'L' : 'R'}${place}`, foot, place, label: PLACES[place] };
});

export function sensorsOf(foot: FootSide): readonly SensorInfo[] {
  return SENSORS.filter((s) => s.foot === foot);
}

/** Shape of a reading as the GraphQL API sends it. */
export interface ReadingLike {
  readonly at: string;
  readonly traceId: string;
  readonly sensors: readonly { readonly id: number; readonly value: number; readonly anomaly: boolean }[];
}

export function toSample(reading: ReadingLike): Sample {
  const v = [0, 0, 0, 0, 0, 0];
  let flags = 0;
  for (const s of reading.sensors) {
    if (s.id < 0 || s.id >= SENSOR_COUNT) continue;
    v[s.id] = Math.max(0, Math.min(MAX_PRESSURE, s.value));
    if (s.anomaly) flags |= 1 << s.id;
  }
  return { t: Date.parse(reading.at), v, flags, traceId: reading.traceId };
}

export function isFlagged(sample: Pick<Sample, 'flags'>, sensorId: number): boolean {
  return (sample.flags & (1 << sensorId)) !== 0;
}

export function flaggedSensors(sample: Pick<Sample, 'flags'>): SensorInfo[] {
  return SENSORS.filter((s) => isFlagged(sample, s.id));
}
