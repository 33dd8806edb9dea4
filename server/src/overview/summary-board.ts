import type { Episode, Severity } from '../episodes/episode';
import type { GaitNow } from '../gait/gait-engine';
import type { GaitState } from '../gait/gait-summary';
import type { PatientStatus } from '../polling/patient-health';
import { isAnomalous, sensorName, SENSORS_PER_FOOT, type Reading } from '../readings/reading';

/** What a ward overview shows of one patient: sized for people, not for charts. */
export interface PatientSummary {
  readonly patientId: number;
  readonly status: PatientStatus;
  readonly lastReadingAt: number | null;
  /** The newest values in sensor order (L0 … R2); null before the first reading. */
  readonly values: readonly number[] | null;
  /** The newest reading has a flagged sensor. */
  readonly anomaly: boolean;
  /** Names (L0 … R2) of the newest reading's flagged sensors, in sensor order; empty when none. */
  readonly flaggedSensors: readonly string[];
  /** Share of the newest reading's load on the left foot, 0..1; null without load or reading. */
  readonly leftShare: number | null;
  readonly openEpisodes: number;
  readonly unacknowledgedEpisodes: number;
  /** The most severe unacknowledged episode's severity, null when there is none. */
  readonly attention: Severity | null;
  /** What the patient is doing (gait analytics); null where this instance has no analysis of it. */
  readonly gaitState: GaitState | null;
  /** Steps per minute over the last 30 s of walking; null when not walking or unknown. */
  readonly cadence: number | null;
}

/** The gait analysis's view of a patient now (GaitEngine.current), when this instance has one. */
export type GaitOf = (patientId: number) => GaitNow | undefined;

/** How a patient's status is judged: by its poller where this instance polls it, by freshness elsewhere. */
export type StatusOf = (patientId: number, lastReadingAt: number | undefined, now: number) => PatientStatus;

interface Entry {
  latest: Reading | undefined;
  /** Episodes not both cleared and acknowledged, by id: the only ones that count. */
  readonly episodes: Map<string, Episode>;
  lastSent: PatientSummary | undefined;
  lastSentAt: number;
  /** Changed since last sent. */
  dirty: boolean;
  /** Must go out at the next send whatever the rate: an episode or acknowledgement changed. */
  urgent: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/**
 * The newest state of every patient on the ward, and what of it a feed must send: each patient at
 * most once per interval with its newest values (a newer reading replaces an unsent older one),
 * but at once when something a carer acts on changes: its status, an episode opening, clearing,
 * being acknowledged or re-alarming.
 */
export class SummaryBoard {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly statusOf: StatusOf,
    private readonly gaitOf: GaitOf = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Patients shown even before their first reading (the polled and known ones). */
  track(patientIds: Iterable<number>): void {
    for (const id of patientIds) this.entry(id);
  }

  reading(reading: Reading): void {
    const e = this.entry(reading.patientId);
    if (e.latest !== undefined && e.latest.at >= reading.at) return;
    e.latest = reading;
    e.dirty = true;
  }

  episode(episode: Episode): void {
    const e = this.entry(episode.patientId);
    if (episode.endedAt !== null && episode.acknowledgement !== null) e.episodes.delete(episode.id);
    else e.episodes.set(episode.id, episode);
    e.dirty = e.urgent = true;
  }

  /** True when some patient must be sent at once. */
  get hasUrgent(): boolean {
    for (const e of this.entries.values()) if (e.urgent) return true;
    return false;
  }

  /**
   * The summaries to send now: urgent ones and status changes always; value changes of patients
   * last sent at least `intervalMs` ago. With `urgentOnly`, only those that cannot wait.
   */
  take(now: number, intervalMs: number, urgentOnly = false): PatientSummary[] {
    const out: PatientSummary[] = [];
    for (const [patientId, e] of this.entries) {
      const statusChanged = e.lastSent?.status !== this.statusOf(patientId, e.latest?.at, now);
      const due = e.urgent || statusChanged || (!urgentOnly && e.dirty && now - e.lastSentAt >= intervalMs);
      if (!due) continue;
      const summary = this.summarise(patientId, e, now);
      e.lastSent = summary;
      e.lastSentAt = now;
      e.dirty = e.urgent = false;
      out.push(summary);
    }
    return out;
  }

  /** Every patient's summary as it is now, without changing what counts as sent. */
  snapshot(now: number): PatientSummary[] {
    return [...this.entries].map(([id, e]) => this.summarise(id, e, now));
  }

  private summarise(patientId: number, e: Entry, now: number): PatientSummary {
    const r = e.latest;
    let open = 0;
    let unacknowledged = 0;
    let attention: Severity | null = null;
    for (const episode of e.episodes.values()) {
      if (episode.endedAt === null) open++;
      if (episode.acknowledgement !== null) continue;
      unacknowledged++;
      if (attention === null || SEVERITY_RANK[episode.severity] > SEVERITY_RANK[attention])
        attention = episode.severity;
    }
    const gait = this.gaitOf(patientId);
    return {
      patientId,
      status: this.statusOf(patientId, r?.at, now),
      lastReadingAt: r?.at ?? null,
      values: r === undefined ? null : r.sensors.map((s) => s.value),
      anomaly: r !== undefined && isAnomalous(r.sensors),
      flaggedSensors: r === undefined ? NONE : flaggedSensors(r),
      leftShare: r === undefined ? null : leftShare(r),
      openEpisodes: open,
      unacknowledgedEpisodes: unacknowledged,
      attention,
      gaitState: gait?.state ?? null,
      cadence: gait?.state === 'WALKING' ? (gait.cadence ?? null) : null,
    };
  }

  private entry(patientId: number): Entry {
    let e = this.entries.get(patientId);
    if (e === undefined) {
      e = {
        latest: undefined,
        episodes: new Map(),
        lastSent: undefined,
        lastSentAt: -Infinity,
        dirty: true,
        urgent: false,
      };
      this.entries.set(patientId, e);
    }
    return e;
  }
}

/** Shared by every summary without a flag (most of them): no array a summary. */
const NONE: readonly string[] = Object.freeze([]);

function flaggedSensors(r: Reading): readonly string[] {
  if (!isAnomalous(r.sensors)) return NONE;
  return r.sensors
    .filter((s) => s.anomaly)
    .sort((a, b) => a.id - b.id)
    .map(sensorName);
}

function leftShare(r: Reading): number | null {
  let left = 0;
  let total = 0;
  for (const s of r.sensors) {
    total += s.value;
    if (s.id < SENSORS_PER_FOOT) left += s.value;
  }
  return total === 0 ? null : Math.round((left / total) * 1000) / 1000;
}
