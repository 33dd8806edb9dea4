import type { PatientSelection } from '../store/store';
import type {
  Episode,
  EpisodeCore,
  EpisodeEventType,
  EpisodeKind,
  EpisodeNote,
  EpisodeStatus,
} from './episode';

/** What subscribers receive: the episode as it is after the change. */
export interface EpisodeEvent {
  readonly type: EpisodeEventType;
  readonly episode: Episode;
}

/** Where in the newest-first order a page ends: exclusive. */
export interface EpisodeCursor {
  readonly startedAt: number;
  readonly id: string;
}

export interface EpisodeQuery {
  /** Every patient when undefined. */
  readonly patientIds?: readonly number[] | undefined;
  readonly statuses?: readonly EpisodeStatus[] | undefined;
  readonly kinds?: readonly EpisodeKind[] | undefined;
  /** Inclusive bounds on startedAt, epoch ms. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly first: number;
  readonly after?: EpisodeCursor | undefined;
}

export interface EpisodePage {
  /** Newest first (by startedAt, then id). */
  readonly items: readonly Episode[];
  /** Episodes matching the query regardless of paging. */
  readonly total: number;
  readonly hasNextPage: boolean;
}

/** The detector's changes for one patient, written as one step with its state. */
export interface EpisodeRecord {
  readonly patientId: number;
  /** The newest version of each changed episode, with the event to publish (none: stored silently). */
  readonly changes: readonly { readonly core: EpisodeCore; readonly event: EpisodeEventType | null }[];
  /** The patient's detector state to keep (JSON-serialisable), or undefined to leave it. */
  readonly state: unknown;
}

export type AcknowledgeResult =
  | { readonly kind: 'acknowledged'; readonly episode: Episode }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'already-acknowledged'; readonly episode: Episode };

/**
 * Episodes, their acknowledgements and notes, and each patient's detector state. Never trimmed by
 * retention. The detector's half (EpisodeCore) is written only by the patient's owner through
 * `record`; acknowledgements and notes by anyone, atomically, so neither overwrites the other.
 * One contract for every engine (test/support/episode-store-contract.ts).
 */
export interface EpisodeStore {
  /** Writes the changes and the state atomically, then publishes each change that has an event. */
  record(record: EpisodeRecord): Promise<void>;
  detectorStates(patientIds: readonly number[]): Promise<Map<number, unknown>>;
  get(id: string): Promise<Episode | undefined>;
  list(query: EpisodeQuery): Promise<EpisodePage>;
  /** Active episodes per patient (oldest first); patients without any are absent. */
  active(patientIds: readonly number[]): Promise<Map<number, Episode[]>>;
  /** Unacknowledged episodes (active or cleared) per patient; patients without any are absent. */
  unacknowledgedCounts(patientIds: readonly number[]): Promise<Map<number, number>>;
  acknowledge(id: string, by: string, at: number, note?: string): Promise<AcknowledgeResult>;
  addNote(id: string, note: EpisodeNote): Promise<Episode | undefined>;
  /**
   * Takes the acknowledgement back from each of `ids` that is still active and was acknowledged at
   * or before `acknowledgedBefore`, and publishes REALARMED; returns those episodes.
   */
  realarm(ids: readonly string[], acknowledgedBefore: number): Promise<Episode[]>;
  subscribe(patients: PatientSelection): AsyncIterableIterator<EpisodeEvent>;
}

/** Newest first: later start first, then the larger id (ids of one start differ by kind). */
export function newerFirst(
  a: Pick<EpisodeCore, 'startedAt' | 'id'>,
  b: Pick<EpisodeCore, 'startedAt' | 'id'>,
): number {
  return b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** True when `e` comes after the cursor in newest-first order. */
export function isAfter(e: Pick<EpisodeCore, 'startedAt' | 'id'>, cursor: EpisodeCursor): boolean {
  return newerFirst(cursor, e) < 0;
}
