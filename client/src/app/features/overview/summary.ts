import type { GaitState, PatientSummaryFieldsFragment, Severity } from '../../graphql/generated';
import type { ServerStatus } from '../../shared/patient-status';

/** One patient as the server's overview feed describes it, with times as epoch ms (server clock). */
export interface Summary {
  readonly patientId: number;
  readonly status: ServerStatus;
  readonly lastReadingAt: number | null;
  /** Newest values in sensor order L0 … R2, null before the first reading. */
  readonly values: readonly number[] | null;
  readonly anomaly: boolean;
  /** Which sensors of the newest reading are flagged (L0 … R2), empty when none. */
  readonly flaggedSensors: readonly string[];
  readonly leftShare: number | null;
  readonly openEpisodes: number;
  readonly unacknowledgedEpisodes: number;
  readonly attention: Severity | null;
  /** Gait analytics: what the patient is doing, and their cadence while walking. */
  readonly gaitState: GaitState | null;
  readonly cadence: number | null;
}

export function toSummary(s: PatientSummaryFieldsFragment): Summary {
  return {
    patientId: s.patientId,
    status: s.status,
    lastReadingAt: s.lastReadingAt === null ? null : Date.parse(s.lastReadingAt),
    values: s.values,
    anomaly: s.anomaly,
    flaggedSensors: s.flaggedSensors,
    leftShare: s.leftShare,
    openEpisodes: s.openEpisodes,
    unacknowledgedEpisodes: s.unacknowledgedEpisodes,
    attention: s.attention,
    gaitState: s.gaitState,
    cadence: s.cadence,
  };
}

/**
 * Whether `incoming` replaces `current`. The snapshot and the batches race (the feed is
 * subscribed before the snapshot is asked for, and a batch can be older or newer than it), so
 * what decides is the reading each carries: one with an older reading than the one shown is
 * from before it and is dropped; with the same reading, the one applied last wins (an episode
 * change sends the patient again, so a lost race heals at the next change).
 */
export function replaces(current: Summary | undefined, incoming: Summary): boolean {
  if (current === undefined || current.lastReadingAt === null) return true;
  return incoming.lastReadingAt !== null && incoming.lastReadingAt >= current.lastReadingAt;
}
