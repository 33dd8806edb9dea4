import { PubSub } from 'graphql-subscriptions';
import { isAnomalous, isRepeat, type Reading } from '../readings/reading';
import type { PatientInfo } from '../patients/patient-info';
import {
  allPatientsTopicName,
  lowerBound,
  topicName,
  type PatientSelection,
  type Topic,
  type AnomalyPage,
  type AnomalyPageQuery,
  type ReadingRangeQuery,
  type ReadingStore,
} from './store';

/** A list that is appended at the tail and trimmed at the head without copying on every trim. */
class TrimmableList<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  at(index: number): T {
    return this.items[this.head + index]!;
  }
  /** The newest item, if any. */
  get last(): T | undefined {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined;
  }

  push(item: T): void {
    this.items.push(item);
  }
  slice(start: number, end: number): T[] {
    return this.items.slice(this.head + start, this.head + end);
  }
  dropHead(count: number): void {
    this.head += count;
    // Compact once the dead prefix dominates, so memory follows the retained window.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

interface PatientLists {
  readonly readings: TrimmableList<Reading>;
  readonly anomalies: TrimmableList<Reading>;
}

/**
 * The embedded store of `npm start` without REDIS_URL: the same semantics as the Redis lists, held
 * in this process (and lost with it). Readings are published on an in-process PubSub.
 */
export class MemoryStore implements ReadingStore {
  readonly kind = 'memory';
  readonly connected = true;
  readonly pubsub = new PubSub();
  private readonly lists = new Map<number, PatientLists>();
  private readonly info = new Map<number, PatientInfo>();

  private readonly allReadings: string;
  private readonly allAnomalies: string;

  constructor(private readonly prefix = '') {
    this.allReadings = allPatientsTopicName(prefix, 'readings');
    this.allAnomalies = allPatientsTopicName(prefix, 'anomalies');
  }

  private listsOf(patientId: number): PatientLists {
    let lists = this.lists.get(patientId);
    if (lists === undefined) {
      lists = { readings: new TrimmableList(), anomalies: new TrimmableList() };
      this.lists.set(patientId, lists);
    }
    return lists;
  }

  async append(readings: readonly Reading[]): Promise<void> {
    for (const reading of readings) {
      const lists = this.listsOf(reading.patientId);
      // As the Redis script: not newer than the last, or the same sample again, is skipped.
      const last = lists.readings.last;
      if (
        last !== undefined &&
        (reading.at <= last.at ||
          (reading.traceId !== '' && isRepeat(last, reading.traceId, reading.sensors)))
      )
        continue;
      lists.readings.push(reading);
      const anomalous = isAnomalous(reading.sensors);
      if (anomalous) lists.anomalies.push(reading);
      void this.pubsub.publish(topicName(this.prefix, 'readings', reading.patientId), reading);
      void this.pubsub.publish(this.allReadings, reading);
      if (anomalous) {
        void this.pubsub.publish(topicName(this.prefix, 'anomalies', reading.patientId), reading);
        void this.pubsub.publish(this.allAnomalies, reading);
      }
    }
  }

  subscribe(topic: Topic, patients: PatientSelection): AsyncIterableIterator<Reading> {
    const triggers =
      patients === 'all'
        ? [allPatientsTopicName(this.prefix, topic)]
        : [...new Set(patients)].map((id) => topicName(this.prefix, topic, id));
    return this.pubsub.asyncIterableIterator<Reading>(triggers);
  }

  async knownPatients(): Promise<number[]> {
    return [...this.lists.keys()];
  }

  async readings(patientId: number, query: ReadingRangeQuery): Promise<Reading[]> {
    const list = this.lists.get(patientId)?.readings;
    if (list === undefined) return [];
    const [lo, hi] = range(list, query.from, query.to);
    return list.slice(Math.max(lo, hi - query.last), hi);
  }

  async anomalies(patientId: number, query: AnomalyPageQuery): Promise<AnomalyPage> {
    const list = this.lists.get(patientId)?.anomalies;
    if (list === undefined) return { items: [], total: 0, hasNextPage: false };
    const [lo, hi] = range(list, query.from, query.to);
    const top = query.before === undefined ? hi : Math.min(hi, query.before);
    const start = Math.max(lo, top - query.first);
    const items = [];
    for (let i = top - 1; i >= start; i--) items.push({ position: i, reading: list.at(i) });
    return { items, total: Math.max(0, hi - lo), hasNextPage: start > lo };
  }

  async anomalyCount(patientId: number, since: number): Promise<number> {
    const list = this.lists.get(patientId)?.anomalies;
    if (list === undefined) return 0;
    return list.length - lowerBound(list.length, since, (i) => list.at(i).at);
  }

  async latest(patientId: number): Promise<Reading | undefined> {
    const list = this.lists.get(patientId)?.readings;
    return list === undefined || list.length === 0 ? undefined : list.at(list.length - 1);
  }

  async trim(patientIds: readonly number[], cutoff: number): Promise<number> {
    let removed = 0;
    for (const id of patientIds) {
      const list = this.lists.get(id)?.readings;
      if (list === undefined) continue;
      const count = lowerBound(list.length, cutoff, (i) => list.at(i).at);
      list.dropHead(count);
      removed += count;
    }
    return removed;
  }

  async savePatient(info: PatientInfo): Promise<void> {
    this.info.set(info.id, { ...info, source: info.source ?? 'POLL' });
  }

  async patients(ids: readonly number[]): Promise<Map<number, PatientInfo>> {
    const found = new Map<number, PatientInfo>();
    for (const id of ids) {
      const info = this.info.get(id);
      if (info !== undefined) found.set(id, info);
    }
    return found;
  }

  private readonly overrides = new Map<number, 'add' | 'remove'>();

  async patientOverrides(): Promise<Map<number, 'add' | 'remove'>> {
    return new Map(this.overrides);
  }

  async setPatientOverride(patientId: number, change: 'add' | 'remove'): Promise<void> {
    this.overrides.set(patientId, change);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

/** [lo, hi) of the readings with from <= at <= to. */
function range(
  list: TrimmableList<Reading>,
  from: number | undefined,
  to: number | undefined,
): [number, number] {
  const at = (i: number) => list.at(i).at;
  const lo = from === undefined ? 0 : lowerBound(list.length, from, at);
  const hi = to === undefined ? list.length : lowerBound(list.length, to + 1, at);
  return [lo, Math.max(lo, hi)];
}
