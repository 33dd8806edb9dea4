import { mapAsyncIterator } from '../shared/async-iterable';
import type { KeyLayout } from '../store/keys';
import { keyGroupOf } from '../store/key-groups';
import { execEach, type RedisClient } from '../store/redis-connection';
import type { StoreConnection } from '../store/redis-store';
import { shardedScript } from '../store/sharded-scripts';
import type { PatientSelection } from '../store/store';
import { episodeStatus, type Episode, type EpisodeNote } from './episode';
import { decodeEpisode, decodeEvent, decodeNote, patientOfEpisode } from './episode-codec';
import { ACKNOWLEDGE, ADD_NOTE, REALARM, RECORD } from './episode-scripts';
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

type Reply = (string | number)[];

interface EpisodeCommands {
  plantarEpisodeRecord(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number>;
  plantarEpisodeAck(...keysAndArgs: string[]): Promise<Reply>;
  plantarEpisodeNote(...keysAndArgs: string[]): Promise<string[]>;
  plantarEpisodeRealarm(...keysAndArgs: string[]): Promise<string[]>;
}

/** Episodes scanned at most by one `list` call: a ward's year of episodes, not an unbounded read. */
const MAX_SCANNED = 50_000;

/**
 * Episodes in the same Redis as the readings (layout: episode-scripts.ts), in the readings' key
 * layout: on a Redis Cluster (hash-tag layout) an episode's keys, its patient's indexes and
 * channel share the patient's slot, and the indexes over every patient are kept per key group.
 */
export class RedisEpisodeStore implements EpisodeStore {
  private readonly client: RedisClient & EpisodeCommands;
  private readonly layout: KeyLayout;

  constructor(private readonly connection: StoreConnection) {
    this.client = connection.client as RedisClient & EpisodeCommands;
    this.layout = connection.layout;
    const lua = (script: string) => (this.layout.sharded ? shardedScript(script) : script);
    this.client.defineCommand('plantarEpisodeRecord', { lua: lua(RECORD) });
    this.client.defineCommand('plantarEpisodeAck', { numberOfKeys: 4, lua: lua(ACKNOWLEDGE) });
    this.client.defineCommand('plantarEpisodeNote', { numberOfKeys: 2, lua: lua(ADD_NOTE) });
    this.client.defineCommand('plantarEpisodeRealarm', { numberOfKeys: 4, lua: lua(REALARM) });
  }

  private hash = (id: string) => this.layout.episode(id, patientOfEpisode(id));
  private notes = (id: string) => `${this.hash(id)}:notes`;
  private patientKey = (patientId: number, what: string) => `${this.layout.patientStem(patientId)}${what}`;
  private channel = (patientId: number) => this.layout.channel('episodes', patientId);
  /** The index over every patient that holds this patient's episodes (one per key group with hash tags). */
  private index = (patientId: number) => this.layout.episodeIndexes(patientId).all;
  private unacked = (patientId: number) => this.layout.episodeIndexes(patientId).unacked;

  async record({ patientId, changes, state }: EpisodeRecord): Promise<void> {
    const keys = [
      this.index(patientId),
      this.unacked(patientId),
      this.patientKey(patientId, 'episodes'),
      this.patientKey(patientId, 'episodes_unacked'),
      this.patientKey(patientId, 'episodes_active'),
      this.patientKey(patientId, 'detector'),
    ];
    const args = [state === undefined ? '' : JSON.stringify(state), this.channel(patientId)];
    for (const { core, event } of changes) {
      keys.push(this.hash(core.id), this.notes(core.id));
      args.push(
        core.id,
        String(core.startedAt),
        core.endedAt === null ? '0' : '1',
        JSON.stringify(core),
        event ?? '',
      );
    }
    await this.client.plantarEpisodeRecord(keys.length, ...keys, ...args);
  }

  async detectorStates(patientIds: readonly number[]): Promise<Map<number, unknown>> {
    const found = new Map<number, unknown>();
    if (patientIds.length === 0) return found;
    // Not MGET: on a cluster the patients' keys span slots.
    const values = await execEach(
      this.client,
      patientIds.length,
      (p, i) => p.get(this.patientKey(patientIds[i]!, 'detector')),
      (i) => keyGroupOf(patientIds[i]!),
    );
    values.forEach(([error, v], i) => {
      if (error) throw error;
      if (typeof v === 'string') found.set(patientIds[i]!, JSON.parse(v) as unknown);
    });
    return found;
  }

  async get(id: string): Promise<Episode | undefined> {
    return (await this.load([id]))[0];
  }

  async list(q: EpisodeQuery): Promise<EpisodePage> {
    const ids = await this.candidates(q);
    const kinds = q.kinds === undefined ? undefined : new Set<string>(q.kinds);
    const cores = await this.loadCores(kinds === undefined ? ids : ids.filter((id) => kinds.has(kindOf(id))));
    const matching = cores
      .filter((e) => q.statuses === undefined || q.statuses.includes(episodeStatus(e)))
      .sort(newerFirst);
    const after = q.after;
    const rest = after === undefined ? matching : matching.filter((e) => isAfter(e, after));
    const page = rest.slice(0, q.first);
    const notes = await this.loadNotes(page.map((e) => e.id));
    return {
      items: page.map((e, i) => ({ ...e, notes: notes[i]! })),
      total: matching.length,
      hasNextPage: rest.length > q.first,
    };
  }

  async active(patientIds: readonly number[]): Promise<Map<number, Episode[]>> {
    const replies = await execEach(
      this.client,
      patientIds.length,
      (p, i) => p.smembers(this.patientKey(patientIds[i]!, 'episodes_active')),
      (i) => keyGroupOf(patientIds[i]!),
    );
    const ids = replies.flatMap(([error, members]) => {
      if (error) throw error;
      return members as string[];
    });
    const found = new Map<number, Episode[]>();
    for (const e of (await this.load(ids)).filter((e): e is Episode => e !== undefined)) {
      const list = found.get(e.patientId) ?? [];
      list.push(e);
      found.set(e.patientId, list);
    }
    for (const list of found.values()) list.sort((a, b) => -newerFirst(a, b));
    return found;
  }

  async unacknowledgedCounts(patientIds: readonly number[]): Promise<Map<number, number>> {
    const replies = await execEach(
      this.client,
      patientIds.length,
      (p, i) => p.zcard(this.patientKey(patientIds[i]!, 'episodes_unacked')),
      (i) => keyGroupOf(patientIds[i]!),
    );
    const counts = new Map<number, number>();
    replies.forEach(([error, count], i) => {
      if (error) throw error;
      if (Number(count) > 0) counts.set(patientIds[i]!, Number(count));
    });
    return counts;
  }

  async acknowledge(id: string, by: string, at: number, note?: string): Promise<AcknowledgeResult> {
    const patientId = patientOfEpisode(id);
    if (patientId === undefined) return { kind: 'not-found' };
    const reply = await this.client.plantarEpisodeAck(
      this.hash(id),
      this.notes(id),
      this.unacked(patientId),
      this.patientKey(patientId, 'episodes_unacked'),
      String(at),
      by,
      note === undefined ? '' : JSON.stringify({ at, by, text: note } satisfies EpisodeNote),
      this.channel(patientId),
      id,
    );
    if (reply[0] === 0) return { kind: 'not-found' };
    const [, core, ackAt, ackBy, ...notes] = reply.map(String);
    const episode = decodeEpisode(core!, ackAt, ackBy, notes);
    return reply[0] === 1 ? { kind: 'acknowledged', episode } : { kind: 'already-acknowledged', episode };
  }

  async addNote(id: string, note: EpisodeNote): Promise<Episode | undefined> {
    const patientId = patientOfEpisode(id);
    if (patientId === undefined) return undefined;
    const reply = await this.client.plantarEpisodeNote(
      this.hash(id),
      this.notes(id),
      JSON.stringify(note),
      this.channel(patientId),
    );
    if (reply.length === 0) return undefined;
    const [core, ackAt, ackBy, ...notes] = reply;
    return decodeEpisode(core!, ackAt, ackBy, notes);
  }

  async realarm(ids: readonly string[], acknowledgedBefore: number): Promise<Episode[]> {
    const realarmed: Episode[] = [];
    for (const id of ids) {
      const patientId = patientOfEpisode(id);
      if (patientId === undefined) continue;
      const reply = await this.client.plantarEpisodeRealarm(
        this.hash(id),
        this.notes(id),
        this.unacked(patientId),
        this.patientKey(patientId, 'episodes_unacked'),
        String(acknowledgedBefore),
        this.channel(patientId),
        id,
      );
      if (reply.length === 0) continue;
      const [core, ...notes] = reply;
      realarmed.push(decodeEpisode(core!, null, null, notes));
    }
    return realarmed;
  }

  subscribe(patients: PatientSelection): AsyncIterableIterator<EpisodeEvent> {
    return mapAsyncIterator(this.connection.listen<unknown>('episodes', patients), decodeEvent);
  }

  /** Ids in the query's patients and time range, from the narrowest index that holds them all. */
  private async candidates(q: EpisodeQuery): Promise<string[]> {
    const onlyUnacknowledged =
      q.statuses !== undefined &&
      q.statuses.every((s) => s === 'ACTIVE_UNACKNOWLEDGED' || s === 'CLEARED_UNACKNOWLEDGED');
    const max = q.to === undefined ? '+inf' : String(q.to);
    const min = q.from === undefined ? '-inf' : String(q.from);
    const indexes =
      q.patientIds === undefined
        ? this.layout.allEpisodeIndexes(onlyUnacknowledged ? 'unacked' : 'all')
        : q.patientIds.map((id) => this.patientKey(id, onlyUnacknowledged ? 'episodes_unacked' : 'episodes'));
    const replies = await execEach(this.client, indexes.length, (p, i) =>
      p.zrevrangebyscore(indexes[i]!, max, min, 'LIMIT', 0, MAX_SCANNED),
    );
    return replies.flatMap(([error, ids]) => {
      if (error) throw error;
      return ids as string[];
    });
  }

  private async loadCores(ids: readonly string[]): Promise<Episode[]> {
    const replies = await execEach(
      this.client,
      ids.length,
      (p, i) => p.hmget(this.hash(ids[i]!), 'core', 'ackAt', 'ackBy'),
      (i) => episodeGroup(ids[i]!),
    );
    const found: Episode[] = [];
    for (const [error, fields] of replies) {
      if (error) throw error;
      const [core, ackAt, ackBy] = fields as (string | null)[];
      if (core) found.push(decodeEpisode(core, ackAt, ackBy, []));
    }
    return found;
  }

  private async loadNotes(ids: readonly string[]): Promise<EpisodeNote[][]> {
    const replies = await execEach(
      this.client,
      ids.length,
      (p, i) => p.lrange(this.notes(ids[i]!), 0, -1),
      (i) => episodeGroup(ids[i]!),
    );
    return replies.map(([error, notes]) => {
      if (error) throw error;
      return (notes as string[]).map(decodeNote);
    });
  }

  private async load(ids: readonly string[]): Promise<(Episode | undefined)[]> {
    if (ids.length === 0) return [];
    // Two commands per episode, in order: its hash's fields, then its notes.
    const replies = await execEach(
      this.client,
      ids.length * 2,
      (p, i) => {
        const id = ids[i >> 1]!;
        if (i % 2 === 0) p.hmget(this.hash(id), 'core', 'ackAt', 'ackBy');
        else p.lrange(this.notes(id), 0, -1);
      },
      (i) => episodeGroup(ids[i >> 1]!),
    );
    return ids.map((_, i) => {
      const [e1, fields] = replies[i * 2]!;
      const [e2, notes] = replies[i * 2 + 1]!;
      if (e1 ?? e2) throw e1 ?? e2;
      const [core, ackAt, ackBy] = fields as (string | null)[];
      return core ? decodeEpisode(core, ackAt, ackBy, notes as string[]) : undefined;
    });
  }
}

/** The key group of an episode's keys (-1: an id that names no patient, in no group). */
function episodeGroup(id: string): number {
  const patientId = patientOfEpisode(id);
  return patientId === undefined ? -1 : keyGroupOf(patientId);
}

function kindOf(id: string): string {
  return id.slice(id.indexOf('-') + 1, id.lastIndexOf('-'));
}
