/** One sensor of a reading, as the API sends it (older API versions omit `name`). */
export interface SensorSample {
  readonly id: number;
  readonly value: number;
  readonly anomaly: boolean;
  readonly name?: string;
}

/**
 * A stored sample of one patient. `patientId` is always the id Plantar polled (the body's own `id`
 * is 12 for everyone), `at` is when Plantar received it (Unix epoch ms).
 */
export interface Reading {
  readonly patientId: number;
  readonly at: number;
  /** The API's trace.id as a decimal string: it exceeds 32 bits and is an identifier, not a number to add. */
  readonly traceId: string;
  readonly sensors: readonly SensorSample[];
  /**
   * CLUSTER=on, polled readings only: the lease under which this instance polled the patient. The
   * store refuses the write when the patient's bucket has been leased again since (a newer token):
   * an instance that lost its lease unknowingly (a pause, a partition) cannot write after its
   * successor started. Absent (pushed readings, one instance): written unconditionally.
   */
  readonly fence?: WriteFence;
}

/** A bucket lease's fencing token and the Redis key holding the bucket's current one. */
export interface WriteFence {
  readonly key: string;
  readonly token: number;
}

export const SENSORS_PER_FOOT = 3;

export function isAnomalous(sensors: readonly SensorSample[]): boolean {
  for (const s of sensors) if (s.anomaly) return true;
  return false;
}

/** L0 L1 L2 R0 R1 R2: the API's names, derived for old bodies that lack them. */
export function sensorName(sensor: SensorSample): string {
  if (sensor.name !== undefined) return sensor.name;
  const foot = sensor.id < SENSORS_PER_FOOT ? 'L' : 'R';
  return `${foot}${sensor.id % SENSORS_PER_FOOT}`;
}

export function sensorFoot(sensor: SensorSample): 'LEFT' | 'RIGHT' {
  return sensor.id < SENSORS_PER_FOOT ? 'LEFT' : 'RIGHT';
}

/** Same trace id and same values and flags as the previous sample: the API repeating itself between samples. */
export function isRepeat(
  previous: Reading | undefined,
  traceId: string,
  sensors: readonly SensorSample[],
): boolean {
  if (previous === undefined || previous.traceId !== traceId) return false;
  const prev = previous.sensors;
  if (prev.length !== sensors.length) return false;
  for (let i = 0; i < sensors.length; i++) {
    const a = prev[i]!;
    const b = sensors[i]!;
    if (a.id !== b.id || a.value !== b.value || a.anomaly !== b.anomaly) return false;
  }
  return true;
}
