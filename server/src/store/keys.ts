import { bucketOf, DEFAULT_BUCKETS } from '../cluster/rendezvous';

/**
 * Where Plantar's data lives in Redis, behind an optional deployment prefix `P`:
 * - `seed`: the seed's layout, `P<id>_data` and friends, untouched (one Redis).
 * - `hash-tag` (REDIS_CLUSTER_NODES, or REDIS_KEY_LAYOUT=hash-tag): every key and channel of a
 *   patient carries its group's hash tag `{b<id mod 64>}`, e.g. `P{b7}:71_data`, so a patient's
 *   lists, info, episodes, live channels, and its cluster bucket's lease and fencing token all
 *   hash to one Redis Cluster slot. The group is the cluster bucket (rendezvous.ts): one script
 *   call can check a bucket's fence and append its patients' readings on one node. README.md,
 *   "Redis Cluster", has the full mapping.
 */
export type KeyLayoutKind = 'seed' | 'hash-tag';

/** The lists and hash of one patient. */
export interface PatientKeys {
  readonly data: string;
  readonly timestamp: string;
  /** Not in the seed: the API's trace.id per reading, kept in step with the two lists above. */
  readonly trace: string;
  readonly anomaly: string;
  readonly anomalyTimestamp: string;
  readonly anomalyTrace: string;
  readonly info: string;
}

/** Live channels: one per patient and kind, never a firehose. */
export type ChannelKind = 'readings' | 'anomalies' | 'episodes';

/** Hash-tag groups: one per cluster bucket, so a bucket's fence shares its patients' slot. */
export const KEY_GROUPS = DEFAULT_BUCKETS;

export function patientKeys(prefix: string, patientId: number, kind: KeyLayoutKind = 'seed'): PatientKeys {
  const p = kind === 'seed' ? `${prefix}${patientId}` : `${prefix}${groupTag(patientId)}:${patientId}`;
  return {
    data: `${p}_data`,
    timestamp: `${p}_timestamp`,
    trace: `${p}_trace`,
    anomaly: `${p}_anomaly`,
    anomalyTimestamp: `${p}_anomaly_timestamp`,
    anomalyTrace: `${p}_anomaly_trace`,
    info:
      kind === 'seed'
        ? `${prefix}patient:${patientId}`
        : `${prefix}${groupTag(patientId)}:patient:${patientId}`,
  };
}

/** `{b7}`: the hash tag of a patient's group (its cluster bucket). */
export function groupTag(patientId: number): string {
  return `{b${bucketOf(patientId, KEY_GROUPS)}}`;
}

/** Every key and channel name of a deployment in one layout (keys.ts is the only place that spells them). */
export class KeyLayout {
  constructor(
    readonly kind: KeyLayoutKind,
    readonly prefix: string,
  ) {
    if (kind === 'hash-tag' && /[{}]/.test(prefix)) {
      // A brace in the prefix would become the hash tag and put every key in one slot.
      throw new Error(`the hash-tag layout needs a key prefix without { or }, got "${prefix}"`);
    }
  }

  get sharded(): boolean {
    return this.kind === 'hash-tag';
  }

  patient(patientId: number): PatientKeys {
    return patientKeys(this.prefix, patientId, this.kind);
  }

  /** The key prefix of a patient's own keys: `P<id>_` or `P{b7}:<id>_`. */
  patientStem(patientId: number): string {
    return this.kind === 'seed'
      ? `${this.prefix}${patientId}_`
      : `${this.prefix}${groupTag(patientId)}:${patientId}_`;
  }

  /** `Preadings:7`, or `P{b7}:readings:7`. */
  channel(kind: ChannelKind, patientId: number): string {
    return this.kind === 'seed'
      ? `${this.prefix}${kind}:${patientId}`
      : `${this.prefix}${groupTag(patientId)}:${kind}:${patientId}`;
  }

  /**
   * The hash-tag layout's channels that carry every patient's `kind` events, one per group:
   * `P{b0}:readings:all` ... (sharded pub/sub has no patterns; the scripts publish each event on
   * its patient's channel and its group's, see sharded-scripts.ts). The seed layout has one
   * PSUBSCRIBE pattern instead (store.ts, allPatientsTopicName).
   */
  groupChannels(kind: ChannelKind): string[] {
    return Array.from({ length: KEY_GROUPS }, (_, g) => `${this.prefix}{b${g}}:${kind}:all`);
  }

  /** An episode's hash (`core`, acknowledgement); its notes list is `<hash>:notes`. */
  episode(id: string, patientId: number | undefined): string {
    if (this.kind === 'seed') return `${this.prefix}episode:${id}`;
    // An id that names no patient is not one of ours: a key in no group, which never exists.
    return `${this.prefix}${patientId === undefined ? '{none}' : groupTag(patientId)}:episode:${id}`;
  }

  /**
   * The episode indexes over every patient (all, and unacknowledged): one pair for the seed
   * layout; one pair per group with hash tags, so a script touches its patient's group only.
   */
  episodeIndexes(patientId: number): { all: string; unacked: string } {
    const p = this.kind === 'seed' ? this.prefix : `${this.prefix}${groupTag(patientId)}:`;
    return { all: `${p}episodes`, unacked: `${p}episodes:unacked` };
  }

  /** Every key holding an index over all patients (one in the seed layout, one per group else). */
  allEpisodeIndexes(which: 'all' | 'unacked'): string[] {
    const suffix = which === 'all' ? 'episodes' : 'episodes:unacked';
    if (this.kind === 'seed') return [`${this.prefix}${suffix}`];
    return Array.from({ length: KEY_GROUPS }, (_, g) => `${this.prefix}{b${g}}:${suffix}`);
  }

  /** A cluster bucket's lease and fencing-token counter (in the bucket's patients' slot). */
  bucket(bucket: number): { lease: string; fence: string } {
    const p = this.kind === 'seed' ? `${this.prefix}cluster:` : `${this.prefix}{b${bucket}}:cluster:`;
    return this.kind === 'seed'
      ? { lease: `${p}lease:${bucket}`, fence: `${p}fence:${bucket}` }
      : { lease: `${p}lease`, fence: `${p}fence` };
  }

  /** Keys of the whole deployment, one each (single-key commands only, so any slot will do). */
  get known(): string {
    return `${this.prefix}patients:known`;
  }

  get overrides(): string {
    return `${this.prefix}patients:overrides`;
  }

  get members(): string {
    return `${this.prefix}cluster:members`;
  }
}
