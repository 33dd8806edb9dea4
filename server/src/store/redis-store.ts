import type { Redis } from 'ioredis';
import { decodeSensors, encodeSensors, type SensorEncoding } from './sensor-encoding';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { isAnomalous, type Reading } from '../readings/reading';
import type { PatientInfo } from '../patients/patient-info';
import { KeyLayout, type ChannelKind, type KeyLayoutKind, type PatientKeys } from './keys';
import {
  connectRedis,
  execEach,
  openPubSub,
  type RedisClient,
  type RedisNode,
  type RedisTarget,
  type StorePubSub,
} from './redis-connection';
import { byKeyGroup, keyGroupOf } from './key-groups';
import { shardedScript } from './sharded-scripts';
import type { ShardedPubSub } from './sharded-pubsub';
import { ANOMALY_PAGE, APPEND, APPEND_FENCED, COUNT_SINCE, RANGE, TRIM } from './lua-scripts';
import {
  allPatientsTopicName,
  PartialAppendError,
  type PatientSelection,
  type Topic,
  type AnomalyPage,
  type AnomalyPageQuery,
  type ReadingRangeQuery,
  type ReadingStore,
} from './store';

type Reply = string[];

interface PlantarCommands {
  plantarAppend(numberOfKeys: number, keys: string[], args: string[]): Promise<number>;
  plantarAppendFenced(numberOfKeys: number, keys: string[], args: string[]): Promise<number[]>;
  plantarRange(...args: string[]): Promise<[Reply, Reply, Reply]>;
  plantarAnomalyPage(...args: string[]): Promise<[number, number, number, Reply, Reply, Reply]>;
  plantarCountSince(...args: string[]): Promise<number>;
  plantarTrim(...args: string[]): Promise<number>;
}

type PlantarRedis = RedisClient & PlantarCommands;
type PlantarPipeline = ReturnType<Redis['pipeline']> & {
  [K in keyof PlantarCommands]: (...args: string[]) => PlantarPipeline;
};

/** What a store keeping other data beside the readings (episodes) needs of the readings' Redis. */
export interface StoreConnection {
  readonly client: RedisClient;
  readonly layout: KeyLayout;
  readonly prefix: string;
  readonly listen: <T>(kind: ChannelKind, patients: PatientSelection) => AsyncIterableIterator<T>;
}

export interface RedisStoreOptions {
  /** One Redis (REDIS_URL); or give `clusterNodes`. */
  url?: string;
  /** A Redis Cluster's seed nodes (REDIS_CLUSTER_NODES), instead of `url`. */
  clusterNodes?: readonly RedisNode[];
  /** @default 'hash-tag' on a cluster, else 'seed' */
  keyLayout?: KeyLayoutKind;
  /** Prepended to every key and channel. @default '' */
  keyPrefix?: string;
  /** How sensors are written to the data lists (reading understands both). @default 'seed' */
  sensorEncoding?: SensorEncoding;
  /** Called with connection errors (ioredis emits many while Redis is down; the caller rate-limits logging). */
  onError?: (error: Error) => void;
}

/**
 * Reconnect quickly and forever: ingest must resume within about a second of Redis returning, and
 * the poller, not ioredis, decides what to keep meanwhile.
 */
const retryStrategy = (times: number) => Math.min(50 * 2 ** Math.min(times, 5), 500);

/**
 * The seed's Redis layout: per patient the lists `{id}_data` / `{id}_timestamp` (+ `{id}_trace`) and
 * `{id}_anomaly` / `{id}_anomaly_timestamp` (+ `{id}_anomaly_trace`), data entries being the
 * stringified `sensors` array as received, timestamps epoch ms. Readings are published with Redis
 * PUBLISH from the same script that stores them. On a Redis Cluster the same lists in the
 * hash-tag layout (keys.ts), each append call holding one key group's readings, published with
 * SPUBLISH.
 */
export class RedisStore implements ReadingStore {
  readonly kind = 'redis';
  readonly pubsub: RedisPubSub | ShardedPubSub;
  readonly layout: KeyLayout;
  private readonly client: PlantarRedis;
  private readonly live: StorePubSub;
  private readonly prefix: string;
  private readonly encoding: SensorEncoding;
  private readonly keys = new Map<number, PatientKeys>();
  /** Patients this process has added to the known-patient set. */
  private readonly registered = new Set<number>();
  private readonly knownKey: string;
  /** On a cluster: a script call may only touch one slot, so appends go per key group. */
  private readonly clustered: boolean;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix ?? '';
    this.encoding = options.sensorEncoding ?? 'seed';
    const target = redisTarget(options);
    this.clustered = target.kind === 'cluster';
    this.layout = new KeyLayout(options.keyLayout ?? (this.clustered ? 'hash-tag' : 'seed'), this.prefix);
    if (this.clustered && !this.layout.sharded) {
      throw new Error(
        "a Redis Cluster needs the hash-tag key layout: the seed's keys of a patient span slots",
      );
    }
    this.knownKey = this.layout.known;
    // No offline queue: while Redis is away every command fails at once, so nothing piles up in
    // memory behind our backs; the poller keeps a bounded, counted buffer instead.
    this.client = connectRedis(target, {
      connectionName: 'plantar',
      retryStrategy,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
    }) as PlantarRedis;
    const onError = options.onError ?? (() => undefined);
    this.client.on('error', onError);
    this.live = openPubSub(target, this.client, retryStrategy, onError);
    this.pubsub = this.live.pubsub;
    // Scripts that publish do it sharded on a cluster (SPUBLISH on the patient's and its group's channel).
    const lua = (script: string) => (this.layout.sharded ? shardedScript(script) : script);
    // The number of keys varies with the batch: given first on each call.
    this.client.defineCommand('plantarAppend', { lua: lua(APPEND) });
    this.client.defineCommand('plantarAppendFenced', { lua: lua(APPEND_FENCED) });
    this.client.defineCommand('plantarRange', { numberOfKeys: 3, lua: RANGE });
    this.client.defineCommand('plantarAnomalyPage', { numberOfKeys: 3, lua: ANOMALY_PAGE });
    this.client.defineCommand('plantarCountSince', { numberOfKeys: 1, lua: COUNT_SINCE });
    this.client.defineCommand('plantarTrim', { numberOfKeys: 3, lua: TRIM });
  }

  /** Resolves once the command connection is ready (or rejects after `timeoutMs`). */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(new Error(`Redis not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('ready', onReady);
    });
  }

  /** The command connection, key layout and live channels, for stores that keep other data in the same Redis. */
  get connection(): StoreConnection {
    return {
      client: this.client,
      layout: this.layout,
      prefix: this.prefix,
      listen: (kind, patients) => this.listen(kind, patients),
    };
  }

  /**
   * Live messages of `kind` for the selected patients: their channels, and for 'all' one PSUBSCRIBE
   * pattern (seed layout) or every key group's `...:all` channel (hash-tag layout: sharded pub/sub
   * has no patterns), which also carry the patients that appear later.
   */
  listen<T>(kind: ChannelKind, patients: PatientSelection): AsyncIterableIterator<T> {
    if (patients === 'all' && !this.layout.sharded) {
      return (this.pubsub as RedisPubSub).asyncIterableIterator<T>(allPatientsTopicName(this.prefix, kind), {
        pattern: true,
      }) as AsyncIterableIterator<T>;
    }
    const channels =
      patients === 'all'
        ? this.layout.groupChannels(kind)
        : [...new Set(patients)].map((id) => this.layout.channel(kind, id));
    return this.pubsub.asyncIterableIterator<T>(channels) as AsyncIterableIterator<T>;
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  private keysOf(patientId: number): PatientKeys {
    let keys = this.keys.get(patientId);
    if (keys === undefined) {
      keys = this.layout.patient(patientId);
      this.keys.set(patientId, keys);
    }
    return keys;
  }

  async append(readings: readonly Reading[]): Promise<readonly Reading[] | void> {
    if (readings.length === 0) return;
    if (!this.clustered) return this.appendBatch(readings);
    // One script call per key group (one slot), all sent at once: ioredis pipelines them per node.
    // A group whose master is down fails alone; the others are stored.
    const groups = byKeyGroup(readings);
    const results = await Promise.allSettled(groups.map((g) => this.appendBatch(g)));
    const refused: Reading[] = [];
    const written: Reading[] = [];
    let failure: Error | undefined;
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        failure ??= result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        return;
      }
      const out = result.value ?? [];
      refused.push(...out);
      const outSet = new Set(out);
      for (const r of groups[i]!) if (!outSet.has(r)) written.push(r);
    });
    if (failure !== undefined) {
      if (written.length === 0 && refused.length === 0) throw failure;
      throw new PartialAppendError(written, refused, failure);
    }
    if (refused.length > 0) return refused;
  }

  /** One script call for `readings` (of one key group on a cluster); resolves with the refused. */
  private async appendBatch(readings: readonly Reading[]): Promise<readonly Reading[] | void> {
    // Only CLUSTER=on sets fences (on polled readings; a batch may mix in pushed ones). Without
    // them the one-instance path is the script it always was.
    if (readings.some((r) => r.fence !== undefined)) return this.appendFenced(readings);
    const [keys, args] = this.readingArgs(readings, 0, 0);
    this.register(readings);
    await this.client.plantarAppend(keys.length, keys, args);
  }

  /**
   * APPEND_FENCED: the readings grouped by fence (each patient's stay in order: a patient has one
   * fence, or a later one after its lease was taken again), the same 6 keys and 8 arguments per
   * reading, then per group its fence key, token and size. Resolves with the refused readings.
   */
  private async appendFenced(readings: readonly Reading[]): Promise<readonly Reading[] | void> {
    const groups = new Map<string, Reading[]>();
    for (const r of readings) {
      const id = r.fence === undefined ? '' : `${r.fence.key}\n${r.fence.token}`;
      const group = groups.get(id);
      if (group === undefined) groups.set(id, [r]);
      else group.push(r);
    }
    const ordered = [...groups.values()].flat();
    const [keys, args] = this.readingArgs(ordered, groups.size, groups.size * 2 + 1);
    let k = ordered.length * 6;
    let a = ordered.length * 8;
    for (const group of groups.values()) {
      const fence = group[0]!.fence;
      // An unfenced group (pushed readings) names one of its own keys: never read.
      keys[k++] = fence?.key ?? this.keysOf(group[0]!.patientId).data;
      args[a++] = fence === undefined ? '' : String(fence.token);
      args[a++] = String(group.length);
    }
    args[a] = String(groups.size);
    this.register(readings);
    const [, ...refused] = await this.client.plantarAppendFenced(keys.length, keys, args);
    if (refused.length > 0) return refused.map((i) => ordered[i]!);
  }

  /** The APPEND keys and arguments of each reading, with room for `extraKeys` and `extraArgs` after. */
  private readingArgs(
    readings: readonly Reading[],
    extraKeys: number,
    extraArgs: number,
  ): [string[], string[]] {
    const keys = new Array<string>(readings.length * 6 + extraKeys);
    const args = new Array<string>(readings.length * 8 + extraArgs);
    readings.forEach((r, i) => {
      const k = this.keysOf(r.patientId);
      const json = JSON.stringify(r.sensors);
      const data = this.encoding === 'seed' ? json : encodeSensors(r.sensors, this.encoding);
      keys[i * 6] = k.data;
      keys[i * 6 + 1] = k.timestamp;
      keys[i * 6 + 2] = k.trace;
      keys[i * 6 + 3] = k.anomaly;
      keys[i * 6 + 4] = k.anomalyTimestamp;
      keys[i * 6 + 5] = k.anomalyTrace;
      args[i * 8] = data;
      args[i * 8 + 1] = String(r.at);
      args[i * 8 + 2] = r.traceId;
      args[i * 8 + 3] = isAnomalous(r.sensors) ? '1' : '0';
      args[i * 8 + 4] = this.layout.channel('readings', r.patientId);
      args[i * 8 + 5] = this.layout.channel('anomalies', r.patientId);
      args[i * 8 + 6] = String(r.patientId);
      // The published reading reuses the sensors' JSON, sent once when it is also what is stored.
      args[i * 8 + 7] = data === json ? '' : json;
    });
    return [keys, args];
  }

  /**
   * Adds patients this process has not registered yet to the known-patient set. Once per patient
   * and process rather than a SADD per reading in the append script: the set only has to learn a
   * patient once, and the ingest path stays as it was. A failed SADD is retried with the next batch.
   */
  private register(readings: readonly Reading[]): void {
    let fresh: Set<number> | undefined;
    for (const r of readings) {
      if (!this.registered.has(r.patientId)) (fresh ??= new Set()).add(r.patientId);
    }
    if (fresh === undefined) return;
    const ids = [...fresh];
    this.client.sadd(this.knownKey, ids).then(
      () => ids.forEach((id) => this.registered.add(id)),
      () => undefined,
    );
  }

  subscribe(topic: Topic, patients: PatientSelection): AsyncIterableIterator<Reading> {
    return this.listen<Reading>(topic, patients);
  }

  async knownPatients(): Promise<number[]> {
    return (await this.client.smembers(this.knownKey)).map(Number);
  }

  async readings(patientId: number, query: ReadingRangeQuery): Promise<Reading[]> {
    const k = this.keysOf(patientId);
    const [timestamps, data, traces] = await this.client.plantarRange(
      k.timestamp,
      k.data,
      k.trace,
      bound(query.from),
      bound(query.to),
      String(query.last),
    );
    return decode(patientId, timestamps, data, traces);
  }

  async anomalies(patientId: number, query: AnomalyPageQuery): Promise<AnomalyPage> {
    const k = this.keysOf(patientId);
    const [total, lo, start, timestamps, data, traces] = await this.client.plantarAnomalyPage(
      k.anomalyTimestamp,
      k.anomaly,
      k.anomalyTrace,
      bound(query.from),
      bound(query.to),
      String(query.first),
      bound(query.before),
    );
    const readings = decode(patientId, timestamps, data, traces);
    const items = readings.map((reading, i) => ({ position: start + i, reading })).reverse();
    return { items, total, hasNextPage: start > lo };
  }

  async anomalyCount(patientId: number, since: number): Promise<number> {
    return this.client.plantarCountSince(this.keysOf(patientId).anomalyTimestamp, String(since));
  }

  async latest(patientId: number): Promise<Reading | undefined> {
    const k = this.keysOf(patientId);
    const [timestamps, data, traces] = await this.client.plantarRange(
      k.timestamp,
      k.data,
      k.trace,
      '',
      '',
      '1',
    );
    return decode(patientId, timestamps, data, traces)[0];
  }

  async trim(patientIds: readonly number[], cutoff: number): Promise<number> {
    const results = await execEach(
      this.client,
      patientIds.length,
      (pipeline, i) => {
        const k = this.keysOf(patientIds[i]!);
        (pipeline as PlantarPipeline).plantarTrim(k.timestamp, k.data, k.trace, String(cutoff));
      },
      (i) => keyGroupOf(patientIds[i]!),
    );
    let removed = 0;
    for (const [error, count] of results) {
      if (error) throw error;
      removed += Number(count);
    }
    return removed;
  }

  async savePatient(info: PatientInfo): Promise<void> {
    await this.client.hset(this.keysOf(info.id).info, {
      firstName: info.firstName,
      lastName: info.lastName,
      birthYear: info.birthYear === null ? '' : String(info.birthYear),
      disabled: info.disabled ? '1' : '0',
      traceName: info.traceName,
      source: info.source ?? 'POLL',
    });
  }

  async patients(ids: readonly number[]): Promise<Map<number, PatientInfo>> {
    const results = await execEach(
      this.client,
      ids.length,
      (p, i) => p.hgetall(this.keysOf(ids[i]!).info),
      (i) => keyGroupOf(ids[i]!),
    );
    const found = new Map<number, PatientInfo>();
    results.forEach(([error, value], i) => {
      if (error) throw error;
      const h = value as Record<string, string>;
      if (h['firstName'] === undefined) return;
      const id = ids[i]!;
      found.set(id, {
        id,
        firstName: h['firstName'],
        lastName: h['lastName'] ?? '',
        birthYear: h['birthYear'] ? Number(h['birthYear']) : null,
        disabled: h['disabled'] === '1',
        traceName: h['traceName'] ?? '',
        source: h['source'] === 'PUSH' || h['source'] === 'REPLAY' ? h['source'] : 'POLL',
      });
    });
    return found;
  }

  async patientOverrides(): Promise<Map<number, 'add' | 'remove'>> {
    const hash = await this.client.hgetall(this.layout.overrides);
    const overrides = new Map<number, 'add' | 'remove'>();
    for (const [id, change] of Object.entries(hash)) {
      if (change === 'add' || change === 'remove') overrides.set(Number(id), change);
    }
    return overrides;
  }

  async setPatientOverride(patientId: number, change: 'add' | 'remove'): Promise<void> {
    await this.client.hset(this.layout.overrides, String(patientId), change);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    await this.live.close();
    this.client.disconnect();
  }
}

function redisTarget(o: RedisStoreOptions): RedisTarget {
  if (o.clusterNodes !== undefined && o.clusterNodes.length > 0) {
    if (o.url !== undefined) throw new Error('RedisStore: give url or clusterNodes, not both');
    return { kind: 'cluster', nodes: o.clusterNodes };
  }
  if (o.url === undefined) throw new Error('RedisStore: give url or clusterNodes');
  return { kind: 'single', url: o.url };
}

function bound(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/**
 * Turns parallel list slices back into readings. The sensor arrays are parsed in one JSON.parse of
 * the joined entries, which is several times faster than one parse per entry for long histories.
 */
function decode(patientId: number, timestamps: Reply, data: Reply, traces: Reply): Reading[] {
  const n = timestamps.length;
  const readings: Reading[] = [];
  // One parse per entry: 2.5x faster than joining 3,000 entries into one array text and parsing
  // that (measured with bench/history.mjs data), and one corrupt entry (someone wrote to our keys
  // by hand) cannot hide the others.
  for (let i = 0; i < n; i++) {
    const sensors = decodeSensors(data[i]!);
    if (sensors !== undefined)
      readings.push({ patientId, at: Number(timestamps[i]), traceId: traces[i]!, sensors });
  }
  return readings;
}
