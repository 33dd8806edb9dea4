import type { RankingMetric } from '../../../graphql/generated';
import { formatDuration } from '../../../shared/time-format';

/** What the panel ranks by, in the words of the ward, with how a value reads. */
export const METRICS: readonly { metric: RankingMetric; label: string; hint: string }[] = [
  { metric: 'EPISODES', label: 'Episodes', hint: 'episodes started' },
  { metric: 'FLAGGED_SECONDS', label: 'Flagged time', hint: 'time with a flagged sensor' },
  { metric: 'DATA_GAPS', label: 'Data gaps', hint: 'time without readings' },
  { metric: 'LOAD_IMBALANCE', label: 'L/R imbalance', hint: 'left/right load imbalance' },
];

/** "3 episodes", "1 min 5 s flagged", "2 h without data", "34 % imbalance". */
export function rankingValue(metric: RankingMetric, value: number): string {
  switch (metric) {
    case 'EPISODES':
      return `${value} episode${value === 1 ? '' : 's'}`;
    case 'FLAGGED_SECONDS':
      return `${formatDuration(value * 1000)} flagged`;
    case 'DATA_GAPS':
      return `${formatDuration(value * 1000)} without data`;
    case 'LOAD_IMBALANCE':
      return `${Math.round(value * 100)} % imbalance`;
    default:
      // Metrics the panel does not offer (yet): the number as it is.
      return String(Math.round(value * 10) / 10);
  }
}

/** A ranking's bar length, 0..1, against the highest value shown (imbalance against 1). */
export function barShare(metric: RankingMetric, value: number, highest: number): number {
  const top = metric === 'LOAD_IMBALANCE' ? 1 : highest;
  return top > 0 ? Math.max(0, Math.min(1, value / top)) : 0;
}
