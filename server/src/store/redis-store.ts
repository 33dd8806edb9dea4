import { Redis, type RedisOptions } from 'ioredis';
import { decodeSensors, encodeSensors, type SensorEncoding } from './sensor-encoding';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { isAnomalous, type Reading } from '../readings/reading';
import type { PatientInfo } from '../patients/patient-info';
import { patientKeys, type PatientKeys } from './keys';
import { ANOMALY_PAGE, APPEND, APPEND_FENCED, COUNT_SINCE, RANGE, TRIM } from './lua-scripts';
import {
  allPatientsTopicName,
  topicName,
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

type PlantarRedis = Redis & PlantarCommands;
type PlantarPipeline = ReturnType<Redis['pipeline']> & {
  [K in keyof PlantarCommands]: (...args: string[]) => PlantarPipeline;
};

export interface RedisStoreOptions {
  url: string;
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
 * PUBLISH from the same script that stores them.
 */
export class RedisStore implements ReadingStore {
  readonly kind = 'redis';
  readonly pubsub: RedisPubSub;
  private readonly client: PlantarRedis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly encoding: SensorEncoding;
  private readonly keys = new Map<number, PatientKeys>();
  /** Patients this process has added to the known-patient set. */
  private readonly registered = new Set<number>();
  private readonly knownKey: string;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix ?? '';
    this.encoding = options.sensorEncoding ?? 'seed';
    this.knownKey = `${this.prefix}patients:known`;
    const common: RedisOptions = { retryStrategy, connectionName: 'plantar', lazyConnect: false };
    // No offline queue: while Redis is away every command fails at once, so nothing piles up in
    // memory behind our backs; the poller keeps a bounded, counted buffer instead.
    this.client = new Redis(options.url, {
      ...common,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
    }) as PlantarRedis;
    // The subscriber's queue only ever holds SUBSCRIBE/UNSUBSCRIBE commands, bounded by the
    // subscriptions the API admits; keeping it lets a subscription made during an outage start
    // when Redis returns (ioredis re-subscribes every channel after a reconnect).
    // No ready check on the subscriber: ioredis writes SUBSCRIBE (a command allowed while Redis
    // loads) as soon as the socket connects, before its INFO ready check; the connection is then in
    // subscriber mode, INFO is refused, ioredis reconnects and does not subscribe again, and the
    // subscription stays silent for good (seen in the episode engine spec, ~1 run in 3).
    this.subscriber = new Redis(options.url, {
      ...common,
      connectionName: 'plantar-sub',
      maxRetriesPerRequest: null,
      enableReadyCheck: false,
    });
    const onError = options.onError ?? (() => undefined);
    this.client.on('error', onError);
    this.subscriber.on('error', onError);
    // The number of keys varies with the batch: given first on each call.
    this.client.defineCommand('plantarAppend', { lua: APPEND });
    this.client.defineCommand('plantarAppendFenced', { lua: APPEND_FENCED });
    this.client.defineCommand('plantarRange', { numberOfKeys: 3, lua: RANGE });
    this.client.defineCommand('plantarAnomalyPage', { numberOfKeys: 3, lua: ANOMALY_PAGE });
    this.client.defineCommand('plantarCountSince', { numberOfKeys: 1, lua: COUNT_SINCE });
    this.client.defineCommand('plantarTrim', { numberOfKeys: 3, lua: TRIM });
    this.pubsub = new RedisPubSub({ publisher: this.client, subscriber: this.subscriber });
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

  /** The command connection, pub/sub and key prefix, for stores that keep other data in the same Redis. */
  get connection(): { readonly client: Redis; readonly pubsub: RedisPubSub; readonly prefix: string } {
    return { client: this.client, pubsub: this.pubsub, prefix: this.prefix };
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  private keysOf(patientId: number): PatientKeys {
    let keys = this.keys.get(patientId);
    if (keys === undefined) {
      keys = patientKeys(this.prefix, patientId);
      this.keys.set(patientId, keys);
    }
    return keys;
  }

  async append(readings: readonly Reading[]): Promise<readonly Reading[] | void> {
    if (readings.length === 0) return;
    // Only CLUSTER=on sets fences (on polled readings; a batch may mix in pushed ones). Without
    // them the one-instance path is the script it always was.
    if (readings.some((r) => r.fence !== undefined)) return this.appendFenced(readings);
    const keys = new Array<string>(readings.length * 6);
    const args = new Array<string>(readings.length * 8);
    readings.forEach((r, i) => {
      const k = this.keysOf(r.patientId);
      const json = JSON.stringify(r.sensors);
      const data = this.encoding === 'seed' ? json : encodeSensors(r.sensors, this.encoding);
      const at = String(r.at);
      keys[i * 6] = k.data;
      keys[i * 6 + 1] = k.timestamp;
      keys[i * 6 + 2] = k.trace;
      keys[i * 6 + 3] = k.anomaly;
      keys[i * 6 + 4] = k.anomalyTimestamp;
      keys[i * 6 + 5] = k.anomalyTrace;
      args[i * 8] = data;
      args[i * 8 + 1] = at;
      args[i * 8 + 2] = r.traceId;
      args[i * 8 + 3] = isAnomalous(r.sensors) ? '1' : '0';
      args[i * 8 + 4] = topicName(this.prefix, 'readings', r.patientId);
      args[i * 8 + 5] = topicName(this.prefix, 'anomalies', r.patientId);
      args[i * 8 + 6] = String(r.patientId);
      // The published reading reuses the sensors' JSON, sent once when it is also what is stored.
      args[i * 8 + 7] = data === json ? '' : json;
    });
    this.register(readings);
    await this.client.plantarAppend(keys.length, keys, args);
  }

  /** APPEND_FENCED: the same per reading, plus its fence key and token; resolves with the refused. */
  private async appendFenced(readings: readonly Reading[]): Promise<readonly Reading[] | void> {
    const keys = new Array<string>(readings.length * 7);
    const args = new Array<string>(readings.length * 9);
    readings.forEach((r, i) => {
      const k = this.keysOf(r.patientId);
      const json = JSON.stringify(r.sensors);
      const data = this.encoding === 'seed' ? json : encodeSensors(r.sensors, this.encoding);
      keys[i * 7] = k.data;
      keys[i * 7 + 1] = k.timestamp;
      keys[i * 7 + 2] = k.trace;
      keys[i * 7 + 3] = k.anomaly;
      keys[i * 7 + 4] = k.anomalyTimestamp;
      keys[i * 7 + 5] = k.anomalyTrace;
      // An unfenced reading (pushed) in a fenced batch names one of its own keys: never read.
      keys[i * 7 + 6] = r.fence?.key ?? k.data;
      args[i * 9] = data;
      args[i * 9 + 1] = String(r.at);
      args[i * 9 + 2] = r.traceId;
      args[i * 9 + 3] = isAnomalous(r.sensors) ? '1' : '0';
      args[i * 9 + 4] = topicName(this.prefix, 'readings', r.patientId);
      args[i * 9 + 5] = topicName(this.prefix, 'anomalies', r.patientId);
      args[i * 9 + 6] = String(r.patientId);
      args[i * 9 + 7] = data === json ? '' : json;
      args[i * 9 + 8] = r.fence === undefined ? '' : String(r.fence.token);
    });
    this.register(readings);
    const [, ...refused] = await this.client.plantarAppendFenced(keys.length, keys, args);
    if (refused.length > 0) return refused.map((i) => readings[i]!);
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
    if (patients === 'all') {
      return this.pubsub.asyncIterableIterator<Reading>(allPatientsTopicName(this.prefix, topic), {
        pattern: true,
      });
    }
    const triggers = [...new Set(patients)].map((id) => topicName(this.prefix, topic, id));
    return this.pubsub.asyncIterableIterator<Reading>(triggers);
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
    const pipeline = this.client.pipeline() as PlantarPipeline;
    for (const id of patientIds) {
      const k = this.keysOf(id);
      pipeline.plantarTrim(k.timestamp, k.data, k.trace, String(cutoff));
    }
    const results = (await pipeline.exec()) ?? [];
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
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hgetall(this.keysOf(id).info);
    const results = (await pipeline.exec()) ?? [];
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
    const hash = await this.client.hgetall(`${this.prefix}patients:overrides`);
    const overrides = new Map<number, 'add' | 'remove'>();
    for (const [id, change] of Object.entries(hash)) {
      if (change === 'add' || change === 'remove') overrides.set(Number(id), change);
    }
    return overrides;
  }

  async setPatientOverride(patientId: number, change: 'add' | 'remove'): Promise<void> {
    await this.client.hset(`${this.prefix}patients:overrides`, String(patientId), change);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    await this.pubsub.close().catch(() => undefined);
    this.client.disconnect();
    this.subscriber.disconnect();
  }
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
