import '../support/production-mode';
import { Redis } from 'ioredis';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';
import { RedisProcess } from '../support/redis-process';
import { uniquePrefix } from '../support/redis';
import { measured, metricValue, until } from '../support/wait';

const PATIENTS = 100;
/**
 * Redis with `appendfsync everysec` replies before its AOF write when an fsync is still running,
 * for up to 2 s; a reading acknowledged longer ago than this is in the file (in the kernel's page
 * cache at least), so a SIGKILL cannot lose it. 2 s and room for a loaded machine.
 */
const WRITTEN_AFTER_MS = 4000;

/**
 * Scenario 7: Redis with an append-only file fsynced every second (as docker-compose runs it) is
 * SIGKILLed under a steady ingest of ~500 readings/s and restarted from its AOF. Compares what the
 * server had been told was written (acknowledged appends) with what Redis holds afterwards.
 *
 * A SIGKILL ends the process, not the machine: Redis write()s the AOF before it replies, and the
 * kernel keeps those pages, so the expected loss here is close to zero. `everysec` bounds the loss
 * to about a second only for a machine crash, which a test cannot stage; this one guards against
 * regressions that lose more (no AOF, replies before the write, an unflushed client buffer).
 *
 * What the test asserts does not depend on the machine's speed: every reading acknowledged more
 * than WRITTEN_AFTER_MS before the kill is back after the restart, each whole and in order. The
 * loss in readings and in seconds of ingest is reported.
 */
describe('fault: durability of acknowledged readings across a Redis SIGKILL (AOF everysec)', () => {
  const prefix = uniquePrefix('durability');
  let redis: RedisProcess;
  let server: PlantarServer | undefined;

  beforeAll(async () => {
    redis = await RedisProcess.start(['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec']);
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
  });

  it('keeps every reading acknowledged before the last seconds, whole and in order', async () => {
    server = await startTestServer({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: `1-${PATIENTS}`,
      SIMULATOR_PATIENTS: String(PATIENTS),
      SHUTDOWN_GRACE_SEC: '1',
    });
    const s = server;
    const stored = () => metricValue(s.services.metrics.stored);
    // The acknowledged count over time: a sample { at, acknowledged } means at least that many
    // readings had been acknowledged by `at` (read first, timed after).
    const samples: { at: number; acknowledged: number }[] = [];
    const sampler = setInterval(
      () => void stored().then((acknowledged) => samples.push({ at: Date.now(), acknowledged })),
      50,
    );
    const startedAt = Date.now();
    let killedAt: number;
    try {
      // Several seconds of steady ingest, so several fsyncs have happened and readings were
      // acknowledged more than WRITTEN_AFTER_MS before the kill.
      await until(
        async () => (await stored()) >= 500 && Date.now() - startedAt > WRITTEN_AFTER_MS + 2000,
        'steady ingest',
        30_000,
      );
      await redis.kill();
      killedAt = Date.now();
    } finally {
      clearInterval(sampler);
    }
    const cutoff = killedAt - WRITTEN_AFTER_MS;
    const acknowledgedBeforeCutoff = samples.filter((x) => x.at <= cutoff).at(-1)?.acknowledged ?? 0;
    // Writes now fail; stop the server so the acknowledged count is final (what it could not write
    // is reported as not written, and is not counted as stored).
    await until(() => !s.writeQueue.healthy, 'the write queue to notice', 20_000, 5);
    await s.stop();
    server = undefined;
    const acknowledged = await stored();
    const ingestSeconds = (killedAt - startedAt) / 1000;

    await redis.start(); // replays the append-only file
    const raw = new Redis(redis.url);
    try {
      let persisted = 0;
      let lastPersistedAt = 0;
      const recent: number[] = [];
      for (let id = 1; id <= PATIENTS; id++) {
        const [ts, data, trace] = await Promise.all([
          raw.lrange(`${prefix}${id}_timestamp`, 0, -1),
          raw.llen(`${prefix}${id}_data`),
          raw.llen(`${prefix}${id}_trace`),
        ]);
        // Each reading's lists were written by one script: never torn apart by the crash.
        expect([id, data, trace]).toEqual([id, ts.length, ts.length]);
        const at = ts.map(Number);
        expect(at).toEqual([...at].sort((a, b) => a - b));
        persisted += at.length;
        if (at.length > 0) lastPersistedAt = Math.max(lastPersistedAt, at.at(-1)!);
        recent.push(...at.filter((t) => t > killedAt - 3000 && t <= killedAt - 1000));
      }
      // The ingest rate just before the crash, from what was stored then.
      const ratePerSec = recent.length / 2;
      const lost = acknowledged - persisted;
      measured('durability', {
        appendfsync: 'everysec',
        ingestSeconds,
        ingestRatePerSec: ratePerSec,
        acknowledgedBeforeKill: acknowledged,
        persistedAfterRestart: persisted,
        // Negative: a batch Redis executed whose replies the kill cut off (written, never acknowledged).
        lostAcknowledged: lost,
        lostSecondsOfIngest: ratePerSec > 0 ? Math.round((lost / ratePerSec) * 1000) / 1000 : null,
        newestPersistedReadingBeforeKillMs: killedAt - lastPersistedAt,
        [`acknowledgedMoreThan${WRITTEN_AFTER_MS}msBeforeKill`]: acknowledgedBeforeCutoff,
      });
      // Not vacuous: readings had been acknowledged before the cutoff.
      expect(acknowledgedBeforeCutoff).toBeGreaterThan(0);
      // Everything acknowledged before the cutoff survived the kill (a Redis without its AOF, or a
      // server counting readings Redis never got, loses far more).
      expect(persisted).toBeGreaterThanOrEqual(acknowledgedBeforeCutoff);
    } finally {
      raw.disconnect();
    }
  }, 90_000);
});
