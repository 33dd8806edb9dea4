import '../support/production-mode';
import { Redis } from 'ioredis';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';
import { RedisProcess } from '../support/redis-process';
import { uniquePrefix } from '../support/redis';
import { measured, metricValue, until } from '../support/wait';

const PATIENTS = 100;

/**
 * Scenario 7: Redis with an append-only file fsynced every second (as docker-compose runs it) is
 * SIGKILLed under a steady ingest of ~500 readings/s and restarted from its AOF. Compares what the
 * server had been told was written (acknowledged appends) with what Redis holds afterwards.
 *
 * A SIGKILL ends the process, not the machine: Redis write()s the AOF before it replies, and the
 * kernel keeps those pages, so the expected loss here is close to zero. `everysec` bounds the loss
 * to about a second only for a machine crash, which a test cannot stage; this one guards against
 * regressions that lose more (no AOF, replies before the write, an unflushed client buffer).
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

  it('loses at most about one second of acknowledged readings', async () => {
    server = await startTestServer({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: `1-${PATIENTS}`,
      SIMULATOR_PATIENTS: String(PATIENTS),
      SHUTDOWN_GRACE_SEC: '1',
    });
    const s = server;
    const stored = () => metricValue(s.services.metrics.stored);
    const startedAt = Date.now();
    // A few seconds of steady ingest, so several fsyncs have happened.
    await until(
      async () => (await stored()) >= 500 && Date.now() - startedAt > 3000,
      'steady ingest',
      15_000,
    );

    await redis.kill();
    const killedAt = Date.now();
    // Writes now fail; stop the server so the acknowledged count is final (what it could not write
    // is reported as not written, and is not counted as stored).
    await until(() => !s.writeQueue.healthy, 'the write queue to notice', 5000, 5);
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
        lostSecondsOfIngest: Math.round((lost / ratePerSec) * 1000) / 1000,
        newestPersistedReadingBeforeKillMs: killedAt - lastPersistedAt,
      });
      expect(persisted).toBeGreaterThan(0);
      expect(lost).toBeLessThanOrEqual(ratePerSec * 1.2);
    } finally {
      raw.disconnect();
    }
  }, 30_000);
});
