import { SENSOR_COUNT, type Sample } from './sample';

export interface SensorStats {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
  readonly last: number;
}

/** Per-sensor min, mean, max and last over the samples (in time order); empty when none. */
export function windowStats(samples: readonly Sample[]): SensorStats[] {
  if (samples.length === 0) return [];
  const stats: SensorStats[] = [];
  for (let s = 0; s < SENSOR_COUNT; s++) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const sample of samples) {
      const v = sample.v[s];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    stats.push({ min, max, mean: sum / samples.length, last: samples[samples.length - 1].v[s] });
  }
  return stats;
}
