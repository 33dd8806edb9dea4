/**
 * Episodes: what a carer sees and acknowledges instead of single flagged readings. An episode is
 * opened, updated and cleared by the detectors of the patient's owner (one instance at a time);
 * anyone signed in acknowledges it and adds notes. The two halves are stored apart so that neither
 * writer can overwrite the other's fields.
 */

/** What kind of trouble: the API's own flags, or one of Plantar's rule detectors. */
export type EpisodeKind = 'ANOMALY' | 'SPIKE' | 'DROP' | 'FLATLINE' | 'NO_DATA' | 'OUT_OF_RANGE';
export const EPISODE_KINDS = [
  'ANOMALY',
  'SPIKE',
  'DROP',
  'FLATLINE',
  'NO_DATA',
  'OUT_OF_RANGE',
] as const satisfies readonly EpisodeKind[];

export type Severity = 'HIGH' | 'MEDIUM' | 'LOW';
export const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const satisfies readonly Severity[];

/** The alarm lifecycle of clinical monitoring (ThingsBoard, IEC 60601-1-8): active or cleared, acknowledged or not. */
export type EpisodeStatus =
  | 'ACTIVE_UNACKNOWLEDGED'
  | 'ACTIVE_ACKNOWLEDGED'
  | 'CLEARED_UNACKNOWLEDGED'
  | 'CLEARED_ACKNOWLEDGED';

export type EpisodeEventType = 'OPENED' | 'UPDATED' | 'CLEARED' | 'ACKNOWLEDGED' | 'REALARMED';

/** The detector's half: written only by the patient's owner. */
export interface EpisodeCore {
  /** `${patientId}-${kind}-${startedAt}`: the same episode gets the same id after a restart or a replay. */
  readonly id: string;
  readonly patientId: number;
  readonly kind: EpisodeKind;
  readonly severity: Severity;
  /** The first reading (or, for NO_DATA, the moment) that is part of it, epoch ms. */
  readonly startedAt: number;
  /** The last reading that met the episode's condition, epoch ms. */
  readonly lastFlaggedAt: number;
  /** When it cleared; null while active. */
  readonly endedAt: number | null;
  /** Readings that met the condition (0 for NO_DATA). */
  readonly readingCount: number;
  /** Sensor names involved, in sensor order (L0 … R2); empty for patient-level kinds. */
  readonly sensors: readonly string[];
  /** The most extreme value seen: the highest flagged value, the largest jump, the stuck value. */
  readonly peak: number | null;
}

export interface Acknowledgement {
  readonly at: number;
  /** The token's subject. */
  readonly by: string;
}

export interface EpisodeNote {
  readonly at: number;
  readonly by: string;
  readonly text: string;
}

/** The people's half: acknowledgement and notes, written by anyone signed in. */
export interface Episode extends EpisodeCore {
  readonly acknowledgement: Acknowledgement | null;
  readonly notes: readonly EpisodeNote[];
}

export function episodeId(patientId: number, kind: EpisodeKind, startedAt: number): string {
  return `${patientId}-${kind}-${startedAt}`;
}

export function episodeStatus(episode: Pick<Episode, 'endedAt' | 'acknowledgement'>): EpisodeStatus {
  const acknowledged = episode.acknowledgement !== null;
  if (episode.endedAt === null) return acknowledged ? 'ACTIVE_ACKNOWLEDGED' : 'ACTIVE_UNACKNOWLEDGED';
  return acknowledged ? 'CLEARED_ACKNOWLEDGED' : 'CLEARED_UNACKNOWLEDGED';
}

/** A change the detectors made, in the order they made it. */
export interface EpisodeChange {
  readonly type: 'OPENED' | 'UPDATED' | 'CLEARED';
  readonly episode: EpisodeCore;
}
