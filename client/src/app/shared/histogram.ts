import { MAX_PRESSURE } from './sample';

export interface Bin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** Counts values 0..1023 into `bins` equal-width bins; 1023 falls in the last bin. */
export function histogram(values: Iterable<number>, bins = 16): Bin[] {
  const width = (MAX_PRESSURE + 1) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(v / width)));
    counts[i]++;
  }
  return counts.map((count, i) => ({
    from: Math.round(i * width),
    to: Math.round((i + 1) * width) - 1,
    count,
  }));
}
