import type { GaitState, PatientSource, Severity } from '../../graphql/generated';
import type { ServerStatus, StatusView } from '../../shared/patient-status';
import type { Sample } from '../../shared/sample';

/** One patient as the overview's cards and rows show it. */
export interface PatientView {
  readonly id: number;
  readonly name: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly age: number | null;
  readonly birthYear: number | null;
  readonly disabled: boolean | null;
  readonly traceName: string | null;
  /** How the readings arrive (a badge when not POLL). */
  readonly source?: PatientSource;
  /** The server's status: what sorting and filtering use, so a lost link reorders nothing. */
  readonly serverStatus: ServerStatus;
  /** What this browser can vouch for (a lost link or an old reading is not live). */
  readonly status: StatusView;
  /** The newest values, for the feet drawing; `t` on the browser's clock. */
  readonly sample: Sample | null;
  readonly leftShare: number | null;
  /** The newest reading's time on the browser's clock (server time corrected by the offset). */
  readonly lastReadingAt: number | null;
  readonly anomalyNow: boolean;
  /** The sensors flagged now (L0 … R2): empty unless anomalyNow. */
  readonly flaggedSensors: readonly string[];
  /** Flagged readings in the last hour (asked every minute); null until first answered. */
  readonly anomaliesLastHour: number | null;
  readonly openEpisodes: number;
  readonly unacknowledgedEpisodes: number;
  readonly attention: Severity | null;
  /** Gait analytics (null: not known); cadence while walking. */
  readonly gaitState?: GaitState | null;
  readonly cadence?: number | null;
  /** Triage class, 0 most urgent (triage.ts). */
  readonly priority: Priority;
}

/** 0 unacknowledged HIGH episode, 1 other unacknowledged episode, 2 FAILING or STALE, 3 the rest. */
export type Priority = 0 | 1 | 2 | 3;
