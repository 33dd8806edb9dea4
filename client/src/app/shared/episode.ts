import type { EpisodeFieldsFragment, EpisodeKind, EpisodeStatus, Severity } from '../graphql/generated';

export type Episode = EpisodeFieldsFragment;

export const UNACKNOWLEDGED: readonly EpisodeStatus[] = ['ACTIVE_UNACKNOWLEDGED', 'CLEARED_UNACKNOWLEDGED'];

export function isUnacknowledged(episode: Pick<Episode, 'status'>): boolean {
  return UNACKNOWLEDGED.includes(episode.status);
}

export function isActive(episode: Pick<Episode, 'status'>): boolean {
  return episode.status === 'ACTIVE_UNACKNOWLEDGED' || episode.status === 'ACTIVE_ACKNOWLEDGED';
}

/** What staff read for a kind: words of the ward, not the enum. */
export const KIND_LABELS: Record<EpisodeKind, string> = {
  ANOMALY: 'Anomaly',
  NO_DATA: 'No data',
  FLATLINE: 'Sensor stuck',
  SPIKE: 'Spike',
  DROP: 'Drop',
  OUT_OF_RANGE: 'Out of range',
};

export const SEVERITY_LABELS: Record<Severity, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };

/** Both halves spelt out, so the badge reads the same without its colour. */
export const STATUS_LABELS: Record<EpisodeStatus, string> = {
  ACTIVE_UNACKNOWLEDGED: 'Active · not acknowledged',
  CLEARED_UNACKNOWLEDGED: 'Cleared · not acknowledged',
  ACTIVE_ACKNOWLEDGED: 'Active · acknowledged',
  CLEARED_ACKNOWLEDGED: 'Cleared · acknowledged',
};

/** "L0 R2", "all six", or "whole patient" for kinds no sensor is part of (NO_DATA). */
export function sensorsText(sensors: readonly string[]): string {
  if (sensors.length === 0) return 'whole patient';
  if (sensors.length >= 6) return 'all six';
  return sensors.join(' ');
}

/**
 * How long the episode has lasted: the server's figure is "to now" only as of when it answered,
 * so an active episode's duration is counted on from its start with the page's clock.
 */
export function durationOf(
  episode: Pick<Episode, 'status' | 'startedAt' | 'durationMs'>,
  now: number,
): number {
  if (!isActive(episode)) return episode.durationMs;
  return Math.max(episode.durationMs, now - Date.parse(episode.startedAt));
}

const SEVERITY_RANK: Record<Severity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/**
 * The order a carer works through them: unacknowledged first (most severe first, then newest),
 * then the rest newest first.
 */
export function byAttention(a: Episode, b: Episode): number {
  const ua = isUnacknowledged(a);
  const ub = isUnacknowledged(b);
  if (ua !== ub) return ua ? -1 : 1;
  if (ua && a.severity !== b.severity) return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  return Date.parse(b.startedAt) - Date.parse(a.startedAt);
}
