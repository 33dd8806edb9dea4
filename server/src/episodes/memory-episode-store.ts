import { PubSub } from 'graphql-subscriptions';
import type { PatientSelection } from '../store/store';
import { episodeStatus, type Episode, type EpisodeCore, type EpisodeNote } from './episode';
import {
  isAfter,
  newerFirst,
  type AcknowledgeResult,
  type EpisodeEvent,
  type EpisodePage,
  type EpisodeQuery,
  type EpisodeRecord,
  type EpisodeStore,
} from './episode-store';

const ALL = 'episodes:*';
const topic = (patientId: number) => `episodes:${patientId}`;

/** The embedded engine of `npm start` without REDIS_URL: the same contract, held in this process. */
export class MemoryEpisodeStore implements EpisodeStore {
  private readonly episodes = new Map<string, Episode>();
  private readonly states = new Map<number, unknown>();

  constructor(private readonly pubsub: PubSub = new PubSub()) {}

  async record({ patientId, changes, state }: EpisodeRecord): Promise<void> {
    const events: EpisodeEvent[] = [];
    for (const { core, event } of changes) {
      const before = this.episodes.get(core.id);
      const episode: Episode = {
        ...core,
        acknowledgement: before?.acknowledgement ?? null,
        notes: before?.notes ?? [],
      };
      this.episodes.set(core.id, episode);
      if (event !== null) events.push({ type: event, episode });
    }
    if (state !== undefined) this.states.set(patientId, structuredClone(state));
    for (const event of events) this.publish(event);
  }

  async detectorStates(patientIds: readonly number[]): Promise<Map<number, unknown>> {
    const found = new Map<number, unknown>();
    for (const id of patientIds) if (this.states.has(id)) found.set(id, structuredClone(this.states.get(id)));
    return found;
  }

  async get(id: string): Promise<Episode | undefined> {
    return this.episodes.get(id);
  }

  async list(q: EpisodeQuery): Promise<EpisodePage> {
    const patients = q.patientIds === undefined ? undefined : new Set(q.patientIds);
    const matching = [...this.episodes.values()]
      .filter(
        (e) =>
          (patients === undefined || patients.has(e.patientId)) &&
          (q.kinds === undefined || q.kinds.includes(e.kind)) &&
          (q.statuses === undefined || q.statuses.includes(episodeStatus(e))) &&
          (q.from === undefined || e.startedAt >= q.from) &&
          (q.to === undefined || e.startedAt <= q.to),
      )
      .sort(newerFirst);
    const after = q.after;
    const rest = after === undefined ? matching : matching.filter((e) => isAfter(e, after));
    return { items: rest.slice(0, q.first), total: matching.length, hasNextPage: rest.length > q.first };
  }

  async active(patientIds: readonly number[]): Promise<Map<number, Episode[]>> {
    const wanted = new Set(patientIds);
    const found = new Map<number, Episode[]>();
    for (const e of this.episodes.values()) {
      if (e.endedAt !== null || !wanted.has(e.patientId)) continue;
      const list = found.get(e.patientId) ?? [];
      list.push(e);
      found.set(e.patientId, list);
    }
    for (const list of found.values()) list.sort((a, b) => -newerFirst(a, b));
    return found;
  }

  async unacknowledgedCounts(patientIds: readonly number[]): Promise<Map<number, number>> {
    const wanted = new Set(patientIds);
    const counts = new Map<number, number>();
    for (const e of this.episodes.values()) {
      if (e.acknowledgement === null && wanted.has(e.patientId)) {
        counts.set(e.patientId, (counts.get(e.patientId) ?? 0) + 1);
      }
    }
    return counts;
  }

  async acknowledge(id: string, by: string, at: number, note?: string): Promise<AcknowledgeResult> {
    const before = this.episodes.get(id);
    if (before === undefined) return { kind: 'not-found' };
    if (before.acknowledgement !== null) return { kind: 'already-acknowledged', episode: before };
    const notes = note === undefined ? before.notes : [...before.notes, { at, by, text: note }];
    const episode: Episode = { ...before, acknowledgement: { at, by }, notes };
    this.episodes.set(id, episode);
    this.publish({ type: 'ACKNOWLEDGED', episode });
    return { kind: 'acknowledged', episode };
  }

  async addNote(id: string, note: EpisodeNote): Promise<Episode | undefined> {
    const before = this.episodes.get(id);
    if (before === undefined) return undefined;
    const episode: Episode = { ...before, notes: [...before.notes, note] };
    this.episodes.set(id, episode);
    this.publish({ type: 'UPDATED', episode });
    return episode;
  }

  async realarm(ids: readonly string[], acknowledgedBefore: number): Promise<Episode[]> {
    const realarmed: Episode[] = [];
    for (const id of ids) {
      const e = this.episodes.get(id);
      if (e === undefined || e.endedAt !== null || e.acknowledgement === null) continue;
      if (e.acknowledgement.at > acknowledgedBefore) continue;
      const episode: Episode = { ...e, acknowledgement: null };
      this.episodes.set(id, episode);
      realarmed.push(episode);
      this.publish({ type: 'REALARMED', episode });
    }
    return realarmed;
  }

  subscribe(patients: PatientSelection): AsyncIterableIterator<EpisodeEvent> {
    const triggers = patients === 'all' ? [ALL] : [...new Set(patients)].map(topic);
    return this.pubsub.asyncIterableIterator<EpisodeEvent>(triggers);
  }

  private publish(event: EpisodeEvent): void {
    void this.pubsub.publish(topic(event.episode.patientId), event);
    void this.pubsub.publish(ALL, event);
  }
}

/** For tests and tools: a core with no people's half yet. */
export function asEpisode(core: EpisodeCore): Episode {
  return { ...core, acknowledgement: null, notes: [] };
}
