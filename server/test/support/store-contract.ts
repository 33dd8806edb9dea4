import type { Reading, SensorSample } from '../../src/readings/reading';
import { createMetrics } from '../../src/observability/metrics';
import { Retention } from '../../src/store/retention';
import { topicName, type ReadingStore, type Topic } from '../../src/store/store';
import { silentLogger } from './quiet';

/** Six sensors with the given values; `flagged` sensor ids are anomalous. */
export function sensors(values: number[], flagged: number[] = []): SensorSample[] {
  return values.map((value, id) => ({
    anomaly: flagged.includes(id),
    id,
    name: `${id < 3 ? 'L' : 'R'}${id % 3}`,
    value,
  }));
}

export function reading(
  patientId: number,
  at: number,
  flagged: number[] = [],
  traceId = String(2350401012010 + at),
): Reading {
  return { patientId, at, traceId, sensors: sensors([1023, 500, 20, at % 1024, 7, 1023], flagged) };
}

/**
 * The behaviour every ReadingStore must show. Called from one spec per implementation, so the
 * embedded store cannot drift from the Redis one.
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<{
    store: ReadingStore;
    prefix: string;
    dispose: () => Promise<void>;
    /** The store's channel of a patient's topic, when not the seed's (a cluster's hash-tag layout). */
    topic?: (topic: Topic, patientId: number) => string;
  }>,
): void {
  describe(`ReadingStore contract: ${name}`, () => {
    let store: ReadingStore;
    let prefix: string;
    let dispose: () => Promise<void>;
    let topic: ((topic: Topic, patientId: number) => string) | undefined;

    beforeEach(async () => {
      ({ store, prefix, dispose, topic } = await open());
    });
    afterEach(async () => {
      await dispose();
    });

    it('returns readings oldest first, with sensors as stored', async () => {
      await store.append([reading(1, 1000), reading(1, 1200), reading(2, 1100)]);
      const got = await store.readings(1, { last: 100 });
      expect(got.map((r) => r.at)).toEqual([1000, 1200]);
      expect(got[0]).toEqual(reading(1, 1000));
      expect((await store.readings(2, { last: 100 })).map((r) => r.at)).toEqual([1100]);
      expect(await store.readings(3, { last: 100 })).toEqual([]);
    });

    it('skips a reading not newer than the last, and the same sample again (two writers, a retry)', async () => {
      await store.append([reading(4, 1000), reading(4, 1000), reading(4, 900), reading(4, 1200)]);
      // The same sample (trace id and values) received later by another instance: not stored twice.
      const again = { ...reading(4, 1200), at: 1400 };
      // Same trace id, other values: a new sample of the same recording second.
      const next = reading(4, 1600, [], reading(4, 1200).traceId);
      await store.append([again, next]);
      expect((await store.readings(4, { from: 0, last: 10 })).map((r) => r.at)).toEqual([1000, 1200, 1600]);
    });

    it('applies from/to inclusively and keeps the newest `last`', async () => {
      await store.append([1000, 1200, 1400, 1600, 1800].map((at) => reading(1, at)));
      expect((await store.readings(1, { from: 1200, to: 1600, last: 100 })).map((r) => r.at)).toEqual([
        1200, 1400, 1600,
      ]);
      expect((await store.readings(1, { from: 1201, last: 100 })).map((r) => r.at)).toEqual([
        1400, 1600, 1800,
      ]);
      expect((await store.readings(1, { to: 1399, last: 100 })).map((r) => r.at)).toEqual([1000, 1200]);
      expect((await store.readings(1, { last: 2 })).map((r) => r.at)).toEqual([1600, 1800]);
      expect((await store.readings(1, { from: 1000, to: 1600, last: 2 })).map((r) => r.at)).toEqual([
        1400, 1600,
      ]);
      expect(await store.readings(1, { from: 1900, last: 10 })).toEqual([]);
      expect(await store.readings(1, { from: 1700, to: 1300, last: 10 })).toEqual([]);
    });

    it('keeps anomalous readings in their own list, newest first with stable cursors', async () => {
      await store.append([
        reading(1, 1000, [0, 1, 2, 3, 4, 5]),
        reading(1, 1200),
        reading(1, 1400, [2]),
        reading(1, 1600, [5]),
      ]);
      const page1 = await store.anomalies(1, { first: 2 });
      expect(page1.total).toBe(3);
      expect(page1.items.map((i) => i.reading.at)).toEqual([1600, 1400]);
      expect(page1.hasNextPage).toBe(true);
      const page2 = await store.anomalies(1, { first: 2, before: page1.items[1]!.position });
      expect(page2.items.map((i) => i.reading.at)).toEqual([1000]);
      expect(page2.hasNextPage).toBe(false);
      const ranged = await store.anomalies(1, { first: 10, from: 1100, to: 1500 });
      expect(ranged.items.map((i) => i.reading.at)).toEqual([1400]);
      expect(ranged.total).toBe(1);
      expect(await store.anomalyCount(1, 1400)).toBe(2);
      expect(await store.anomalyCount(1, 0)).toBe(3);
      expect(await store.anomalyCount(2, 0)).toBe(0);
    });

    it('trims old readings from the head but never anomalies', async () => {
      await store.append([reading(1, 1000, [1]), reading(1, 2000), reading(1, 3000), reading(2, 1500)]);
      const removed = await store.trim([1, 2], 2000);
      expect(removed).toBe(2);
      expect((await store.readings(1, { last: 10 })).map((r) => r.at)).toEqual([2000, 3000]);
      expect(await store.readings(2, { last: 10 })).toEqual([]);
      expect((await store.anomalies(1, { first: 10 })).items.map((i) => i.reading.at)).toEqual([1000]);
      // Cursors survive trimming because the anomaly list is never trimmed.
      await store.append([reading(1, 4000, [3])]);
      const page = await store.anomalies(1, { first: 1 });
      const older = await store.anomalies(1, { first: 1, before: page.items[0]!.position });
      expect(older.items.map((i) => i.reading.at)).toEqual([1000]);
    });

    it('knows every patient it ever stored readings of, so retention can trim them all', async () => {
      expect(await store.knownPatients()).toEqual([]);
      await store.append([reading(3, 1000), reading(5, 1000), reading(3, 1100)]);
      await store.append([reading(9, 1200)]);
      expect((await store.knownPatients()).sort((a, b) => a - b)).toEqual([3, 5, 9]);
      const retention = new Retention({
        store,
        maxAgeMs: 100,
        intervalMs: 60_000,
        logger: silentLogger(),
        metrics: createMetrics(),
      });
      expect(await retention.runOnce(1250)).toBe(3); // 3@1000, 5@1000, 3@1100; none of them polled
      expect((await store.readings(9, { last: 10 })).map((r) => r.at)).toEqual([1200]);
    });

    it("follows every patient with 'all', including one first seen after subscribing", async () => {
      const readings = store.subscribe('readings', 'all');
      const anomalies = store.subscribe('anomalies', 'all');
      try {
        const nextReading = readings.next();
        const nextAnomaly = anomalies.next();
        // Subscribing is lazy and, on Redis, confirmed asynchronously: append until it is heard.
        let at = 1000;
        const heard = Promise.all([nextReading, nextAnomaly]);
        let done = false;
        void heard.then(() => (done = true));
        const deadline = Date.now() + 10_000;
        while (!done && Date.now() < deadline) {
          await store.append([reading(41, at, [2])]);
          at += 10;
          await Promise.race([heard, new Promise((r) => setTimeout(r, 20))]);
        }
        const [r, a] = await heard;
        expect(r.value).toMatchObject({ patientId: 41 });
        expect(a.value).toMatchObject({
          patientId: 41,
          sensors: expect.arrayContaining([expect.objectContaining({ id: 2, anomaly: true })]),
        });
        // Another new patient, after the subscription is up: heard too, in order of appending.
        const more = readings.next();
        await store.append([reading(42, 5000)]);
        let next = await more;
        while (next.value.patientId === 41) next = await readings.next();
        expect(next.value).toEqual(reading(42, 5000));
      } finally {
        await readings.return?.();
        await anomalies.return?.();
      }
    });

    it('reports the latest reading', async () => {
      expect(await store.latest(1)).toBeUndefined();
      await store.append([reading(1, 1000), reading(1, 1100, [4])]);
      expect(await store.latest(1)).toEqual(reading(1, 1100, [4]));
    });

    it('keeps patient metadata', async () => {
      await store.savePatient({
        id: 2,
        firstName: 'Elżbieta',
        lastName: 'Kochalska',
        birthYear: 1976,
        disabled: true,
        traceName: 'ela',
      });
      await store.savePatient({
        id: 3,
        firstName: 'Albert',
        lastName: 'Lisowski',
        birthYear: null,
        disabled: false,
        traceName: 'alek',
        source: 'PUSH',
      });
      const found = await store.patients([1, 2, 3]);
      expect(found.has(1)).toBe(false);
      expect(found.get(2)).toEqual({
        id: 2,
        firstName: 'Elżbieta',
        lastName: 'Kochalska',
        birthYear: 1976,
        disabled: true,
        traceName: 'ela',
        source: 'POLL', // what the poller saves, without saying
      });
      expect(found.get(3)?.birthYear).toBeNull();
      expect(found.get(3)?.source).toBe('PUSH');
    });

    it('remembers run-time changes to the polled patients', async () => {
      expect(await store.patientOverrides()).toEqual(new Map());
      await store.setPatientOverride(9, 'add');
      await store.setPatientOverride(2, 'remove');
      await store.setPatientOverride(9, 'remove');
      expect(await store.patientOverrides()).toEqual(
        new Map([
          [9, 'remove'],
          [2, 'remove'],
        ]),
      );
    });

    it('publishes each reading on its patient topic, anomalies also on the anomaly topic', async () => {
      const received: { topic: string; reading: Reading }[] = [];
      let allArrived: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (allArrived = resolve));
      const name = topic ?? ((t: Topic, id: number) => topicName(prefix, t, id));
      const topics = [name('readings', 1), name('anomalies', 1), name('readings', 2)];
      const ids = await Promise.all(
        topics.map((topic) =>
          store.pubsub.subscribe(
            topic,
            (reading: Reading) => {
              received.push({ topic, reading });
              if (received.length === 4) allArrived();
            },
            {},
          ),
        ),
      );
      try {
        await store.append([reading(1, 1000), reading(1, 1100, [0]), reading(2, 1050)]);
        await done;
        expect(received.filter((r) => r.topic === topics[0]).map((r) => r.reading)).toEqual([
          reading(1, 1000),
          reading(1, 1100, [0]),
        ]);
        expect(received.filter((r) => r.topic === topics[1]).map((r) => r.reading)).toEqual([
          reading(1, 1100, [0]),
        ]);
        expect(received.filter((r) => r.topic === topics[2]).map((r) => r.reading)).toEqual([
          reading(2, 1050),
        ]);
      } finally {
        ids.forEach((id) => store.pubsub.unsubscribe(id));
      }
    });
  });
}
