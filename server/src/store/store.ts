import type { PubSubEngine } from 'graphql-subscriptions';
import type { Reading } from '../readings/reading';
import type { PatientInfo } from '../patients/patient-info';

export interface ReadingRangeQuery {
  /** Inclusive lower bound, epoch ms. */
  readonly from?: number | undefined;
  /** Inclusive upper bound, epoch ms. */
  readonly to?: number | undefined;
  /** At most this many of the newest readings in the range. */
  readonly last: number;
}

export interface AnomalyPageQuery {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly first: number;
  /** Exclusive: only anomalies stored before this list position (a cursor). */
  readonly before?: number | undefined;
}

export interface AnomalyPage {
  /** Newest first; `position` is the reading's stable place in the never-trimmed anomaly list. */
  readonly items: readonly { readonly position: number; readonly reading: Reading }[];
  /** Anomalies in [from, to] regardless of paging. */
  readonly total: number;
  readonly hasNextPage: boolean;
}

/** Where readings are published: one topic per patient and kind, never a firehose. */
export type Topic = 'readings' | 'anomalies';

export function topicName(prefix: string, topic: Topic, patientId: number): string {
  return `${prefix}${topic}:${patientId}`;
}

/**
 * The trigger every patient's `topic` events reach, whoever polls or pushes them and whenever they
 * first appear: a Redis PSUBSCRIBE pattern (the prefix's glob characters escaped); the in-process
 * store publishes on it literally.
 */
export function allPatientsTopicName(prefix: string, topic: Topic | 'episodes'): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}${topic}:*`;
}

/** Whose events a live subscription follows. */
export type PatientSelection = readonly number[] | 'all';

/**
 * The store behind Plantar: the seed's Redis lists, or the in-process stand-in. Both satisfy the
 * same contract (store.contract.ts runs against each).
 */
export interface ReadingStore {
  readonly kind: 'redis' | 'memory';
  /** False while the store is known to be unreachable. */
  readonly connected: boolean;
  /** The pub/sub engine the subscriptions listen on; `append` publishes on it. */
  readonly pubsub: PubSubEngine;
  /**
   * Stores readings (in the given order per patient) and publishes each one on its patient's topics.
   * Each reading is written to all its lists and published as one atomic step, so the lists never
   * fall out of step. Rejects when the store is unreachable; the caller keeps what it could not write.
   * Resolves with the readings refused by their fence (CLUSTER=on: written under a lease that
   * another instance holds now), if any; those are neither stored nor published.
   */
  append(readings: readonly Reading[]): Promise<readonly Reading[] | void>;
  /**
   * Live readings of `topic` for the selected patients, as they are appended (by this process or
   * any other on the same store). 'all' includes patients that appear after subscribing.
   */
  subscribe(topic: Topic, patients: PatientSelection): AsyncIterableIterator<Reading>;
  /** Every patient that ever had a reading appended: retention trims them all, polled or not. */
  knownPatients(): Promise<number[]>;
  readings(patientId: number, query: ReadingRangeQuery): Promise<Reading[]>;
  anomalies(patientId: number, query: AnomalyPageQuery): Promise<AnomalyPage>;
  anomalyCount(patientId: number, since: number): Promise<number>;
  latest(patientId: number): Promise<Reading | undefined>;
  /** Removes, per patient, readings older than `cutoff` (epoch ms) from the reading lists; anomalies stay. */
  trim(patientIds: readonly number[], cutoff: number): Promise<number>;
  savePatient(info: PatientInfo): Promise<void>;
  patients(ids: readonly number[]): Promise<Map<number, PatientInfo>>;
  /** Run-time changes to the polled set, made by operators; applied over PATIENT_IDS at startup. */
  patientOverrides(): Promise<Map<number, 'add' | 'remove'>>;
  setPatientOverride(patientId: number, change: 'add' | 'remove'): Promise<void>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Redis Cluster append that stored some key groups of a batch and not others (a master down):
 * `written` are stored (and published), the rest are not and can be retried. Thrown by `append`
 * so that a caller that knows it keeps only the rest; any other caller sees a failed append, and
 * a retry of the written ones is skipped by the append script as not newer.
 */
export class PartialAppendError extends Error {
  override readonly name = 'PartialAppendError';
  constructor(
    /** Stored, minus those refused by their fence. */
    readonly written: readonly Reading[],
    /** Refused by their fence (CLUSTER=on) among the stored groups. */
    readonly refused: readonly Reading[],
    readonly failure: Error,
  ) {
    super(`append stored ${written.length} readings, failed for the rest: ${failure.message}`);
  }
}

/** First index in [0, length) whose value is >= target; `valueAt` reads a sorted sequence. */
export function lowerBound(length: number, target: number, valueAt: (index: number) => number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (valueAt(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
