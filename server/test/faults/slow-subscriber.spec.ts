import { PlantarCloseCode } from '../../src/protocol/close-code';
import '../support/production-mode';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { captureLogs } from '../support/log-capture';
import { wsClient } from '../support/graphql';
import { RawGraphQLSocket } from '../support/raw-ws';
import { measured, mib, settledHeap, until } from '../support/wait';
import { within } from './within';

const PATIENTS = 200;
/**
 * Every reading of every patient (about 1000 events/s), each sensor list asked four times over so
 * an event is ~1.5 KB and the kernel's socket buffers fill within a second or two.
 */
const SENSORS = 'sensors { id name foot value anomaly }';
const FIREHOSE = `subscription Firehose { readings { patientId at traceId anomaly ${Array.from(
  { length: 4 },
  (_, i) => `s${i}: ${SENSORS}`,
).join(' ')} } }`;

/**
 * Scenario 4: a subscriber that stops reading its socket. The server must notice (its
 * per-subscriber queue of 512 events overflows), close it with PlantarCloseCode.SlowConsumer "subscriber too slow", keep
 * serving everybody else, and not hold the stalled stream in memory.
 *
 * The memory bound is the queue's cap: the close is what shows it holds (an unbounded queue would
 * never overflow, and the subscriber would never be closed). Heap, resident memory and delivery
 * lags depend on the machine and are reported, not asserted.
 */
describe('fault: a subscriber that never reads', () => {
  const prefix = uniquePrefix('slow');
  const logs = captureLogs('warn');
  let server: PlantarServer;

  beforeAll(async () => {
    server = await startTestServer(
      {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        PATIENT_IDS: `1-${PATIENTS}`,
        SIMULATOR_PATIENTS: String(PATIENTS),
        LOG_LEVEL: 'warn',
      },
      logs.logger,
    );
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('closes the stalled subscriber with PlantarCloseCode.SlowConsumer while others keep receiving everything', async () => {
    // A normal subscriber of the very same document: it shares the stalled one's execution, so a
    // stall that held up the shared stream would hold it up too.
    const normal: { patientId: number; at: number; receivedAt: number }[] = [];
    const client = wsClient(server.url);
    let normalError: unknown;
    const stopNormal = client.subscribe<{ readings: { patientId: number; at: string } }>(
      { query: FIREHOSE },
      {
        next: (v) =>
          normal.push({
            patientId: v.data!.readings.patientId,
            at: Date.parse(v.data!.readings.at),
            receivedAt: Date.now(),
          }),
        error: (e) => (normalError = e),
        complete: () => undefined,
      },
    );
    const slow = await RawGraphQLSocket.connect(server.url, { keepMessages: false });
    try {
      slow.subscribe('fire', FIREHOSE);
      await slow.next((m) => m.type === 'next' && m.id === 'fire', 20_000);
      const heapBefore = await settledHeap();

      slow.tcp.pause(); // stops reading: the kernel buffers fill, then the server's sends stall
      const stalledAt = Date.now();
      const receivedBeforeStall = slow.received;
      // Resident memory sampled cheaply; the heap the stall retains is measured once, at the close,
      // when the subscriber's full queue (512 events) is still held for delivery.
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      let closedAt: number;
      try {
        await logs.waitFor((l) => /subscriber that stopped reading/.test(l.msg), 60_000);
        closedAt = Date.now();
      } finally {
        clearInterval(sampler);
      }
      // What the normal subscriber received while the other one was stalled, before it was closed.
      const normalDuringStall = normal.filter(
        (r) => r.receivedAt > stalledAt && r.receivedAt <= closedAt,
      ).length;
      const heapAtClose = await settledHeap();
      // The normal subscriber is still served after the slow one is gone.
      const after = normal.length;
      const normalKeptUpMs = await until(
        () => normal.length >= after + 50,
        '50 more events for the normal subscriber after the close',
        20_000,
        10,
      );

      // Reading again, the stalled client gets what was in flight, then the close frame.
      slow.tcp.resume();
      const { code, reason } = await within(
        slow.closed,
        20_000,
        'the server to close the stalled subscriber once it reads again',
      );
      const heapAfter = await settledHeap();

      // Every reading stored during the stall reached the normal subscriber, promptly.
      const redis = rawRedis();
      let storedDuringStall = 0;
      let missed = 0;
      try {
        for (const id of [1, 2, 3, 4, 5]) {
          const at = (await redis.lrange(`${prefix}${id}_timestamp`, 0, -1))
            .map(Number)
            .filter((t) => t >= stalledAt && t <= closedAt);
          storedDuringStall += at.length;
          const got = new Set(normal.filter((r) => r.patientId === id).map((r) => r.at));
          missed += at.filter((t) => !got.has(t)).length;
        }
      } finally {
        redis.disconnect();
      }
      const lags = normal
        .filter((r) => r.at >= stalledAt && r.at <= closedAt)
        .map((r) => r.receivedAt - r.at)
        .sort((a, b) => a - b);
      measured('slow-subscriber', {
        eventsPerSecondOffered: PATIENTS * 5,
        closedAfterStallMs: closedAt - stalledAt,
        closeCode: code,
        closeReason: reason,
        messagesDeliveredToSlowBeforeStall: receivedBeforeStall,
        messagesDeliveredToSlowInTotal: slow.received,
        normalSubscriberEventsSampledDuringStall: lags.length,
        normalSubscriberEventsReceivedDuringStall: normalDuringStall,
        normalSubscriberLagP50Ms: lags[Math.floor(lags.length / 2)],
        normalSubscriberLagMaxMs: lags.at(-1),
        normalSubscriberMissedOfStoredPatients1to5: `${missed}/${storedDuringStall}`,
        normalSubscriber50MoreAfterCloseMs: normalKeptUpMs,
        heapBeforeMiB: mib(heapBefore),
        heapAtCloseMiB: mib(heapAtClose),
        heapAfterCloseMiB: mib(heapAfter),
        rssPeakMiB: mib(peakRss),
      });
      expect(code).toBe(PlantarCloseCode.SlowConsumer);
      expect(reason).toBe('subscriber too slow');
      expect(normalError).toBeUndefined();
      // The normal subscriber kept receiving while the other was stalled, not only once it was
      // closed, and missed nothing stored meanwhile.
      expect(normalDuringStall).toBeGreaterThan(0);
      expect(storedDuringStall).toBeGreaterThan(0);
      expect(missed).toBe(0);
    } finally {
      stopNormal();
      await client.dispose();
      await slow.close();
    }
  }, 120_000);
});
