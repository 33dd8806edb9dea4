import type { Redis } from 'ioredis';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { mapAsyncIterator } from '../shared/async-iterable';
import { allPatientsTopicName, type PatientSelection } from '../store/store';
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

/** Episodes in the same Redis as the readings (layout: episode-scripts.ts). */
export class RedisEpisodeStore implements EpisodeStore {
  private readonly client: Redis & EpisodeCommands;

  constructor(
    client: Redis,
    private readonly pubsub: RedisPubSub,
    private readonly prefix = '',
  ) {
    this.client = client as Redis & EpisodeCommands;
    this.client.defineCommand('plantarEpisodeRecord', { lua: RECORD });
    this.client.defineCommand('plantarEpisodeAck', { numberOfKeys: 4, lua: ACKNOWLEDGE });
    this.client.defineCommand('plantarEpisodeNote', { numberOfKeys: 2, lua: ADD_NOTE });
    this.client.defineCommand('plantarEpisodeRealarm', { numberOfKeys: 4, lua: REALARM });
  }

  private hash = (id: string) => `${this.prefix}episode:${id}`;
  private notes = (id: string) => `${this.prefix}episode:${id}:notes`;
  private patientKey = (patientId: number, what: string) => `${this.prefix}${patientId}_${what}`;
  private channel = (patientId: number) => `${this.prefix}episodes:${patientId}`;
  private get index() {
    return `${this.prefix}episodes`;
  }
  private get unacked() {
    return `${this.prefix}episodes:unacked`;
  }

  async record({ patientId, changes, state }: EpisodeRecord): Promise<void> {
    const keys = [
      this.index,
      this.unacked,
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
    const values = await this.client.mget(patientIds.map((id) => this.patientKey(id, 'detector')));
    values.forEach((v, i) => {
      if (v !== null) found.set(patientIds[i]!, JSON.parse(v) as unknown);
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
    const pipeline = this.client.pipeline();
    for (const id of patientIds) pipeline.smembers(this.patientKey(id, 'episodes_active'));
    const ids = ((await pipeline.exec()) ?? []).flatMap(([error, members]) => {
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
    const pipeline = this.client.pipeline();
    for (const id of patientIds) pipeline.zcard(this.patientKey(id, 'episodes_unacked'));
    const counts = new Map<number, number>();
    ((await pipeline.exec()) ?? []).forEach(([error, count], i) => {
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
      this.unacked,
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
        this.unacked,
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
    const source =
      patients === 'all'
        ? this.pubsub.asyncIterableIterator<unknown>(allPatientsTopicName(this.prefix, 'episodes'), {
            pattern: true,
          })
        : this.pubsub.asyncIterableIterator<unknown>([...new Set(patients)].map((id) => this.channel(id)));
    return mapAsyncIterator(source, decodeEvent);
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
        ? [onlyUnacknowledged ? this.unacked : this.index]
        : q.patientIds.map((id) => this.patientKey(id, onlyUnacknowledged ? 'episodes_unacked' : 'episodes'));
    const pipeline = this.client.pipeline();
    for (const key of indexes) pipeline.zrevrangebyscore(key, max, min, 'LIMIT', 0, MAX_SCANNED);
    return ((await pipeline.exec()) ?? []).flatMap(([error, ids]) => {
      if (error) throw error;
      return ids as string[];
    });
  }

  private async loadCores(ids: readonly string[]): Promise<Episode[]> {
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hmget(this.hash(id), 'core', 'ackAt', 'ackBy');
    const found: Episode[] = [];
    for (const [error, fields] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const [core, ackAt, ackBy] = fields as (string | null)[];
      if (core) found.push(decodeEpisode(core, ackAt, ackBy, []));
    }
    return found;
  }

  private async loadNotes(ids: readonly string[]): Promise<EpisodeNote[][]> {
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.lrange(this.notes(id), 0, -1);
    return ((await pipeline.exec()) ?? []).map(([error, notes]) => {
      if (error) throw error;
      return (notes as string[]).map(decodeNote);
    });
  }

  private async load(ids: readonly string[]): Promise<(Episode | undefined)[]> {
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) {
      pipeline.hmget(this.hash(id), 'core', 'ackAt', 'ackBy');
      pipeline.lrange(this.notes(id), 0, -1);
    }
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((_, i) => {
      const [e1, fields] = replies[i * 2]!;
      const [e2, notes] = replies[i * 2 + 1]!;
      if (e1 ?? e2) throw e1 ?? e2;
      const [core, ackAt, ackBy] = fields as (string | null)[];
      return core ? decodeEpisode(core, ackAt, ackBy, notes as string[]) : undefined;
    });
  }
}

function kindOf(id: string): string {
  return id.slice(id.indexOf('-') + 1, id.lastIndexOf('-'));
}
