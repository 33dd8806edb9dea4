import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, RedisProcess } from '../support/redis-process';
import { RawGraphQLSocket } from '../support/raw-ws';
import { measured, until } from '../support/wait';
import { within } from './within';

const MAIN = resolve(__dirname, '../../dist/main.js');
const PATIENTS = 100;
const SUBSCRIBERS = 10;
/** Generous for a loaded machine: the server itself exits 1 past it, so exit code 0 is "within". */
const GRACE_SEC = 15;
/** How long Redis keeps holding the writes after SIGTERM: the shutdown must wait for them. */
const HELD_AFTER_SIGTERM_MS = 1000;

/**
 * Scenario 8: SIGTERM to the real server process (dist/main.js, as `npm start` and docker run it)
 * while it polls 100 patients, streams to ten subscribers, answers HTTP queries, and has readings
 * in flight because Redis is holding its writes (CLIENT PAUSE, released a second into the
 * shutdown). It must write everything it polled, close every subscriber with 1001 Going Away, and
 * exit 0 within the grace period (past it, the server exits 1). How long it took is reported.
 */
describe('fault: graceful shutdown under load', () => {
  let redis: RedisProcess;

  beforeAll(async () => {
    redis = await RedisProcess.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('on SIGTERM writes what it polled, closes subscribers with 1001 and exits 0 within the grace period', async () => {
    expect(existsSync(MAIN)).toBe(true); // built by `npm test` before the tests run
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        PATIENT_IDS: `1-${PATIENTS}`,
        SIMULATOR_PATIENTS: String(PATIENTS),
        SHUTDOWN_GRACE_SEC: String(GRACE_SEC),
        INSTANCE_ID: 'shutdown',
        LOG_LEVEL: 'info',
        AUTH: 'off',
        // The archive's own shutdown is tested in test/archive; here it would initdb a PGlite in .data.
        ARCHIVE: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const raw = new Redis(redis.url);
    const sockets: RawGraphQLSocket[] = [];
    let httpRunning = true;
    const http = { ok: 0, serverErrors: 0, refused: 0 };
    try {
      await new Promise<void>((ok, fail) => {
        const check = () => (output.includes('Plantar is running') ? ok() : undefined);
        child.stdout.on('data', check);
        void exited.then(() => fail(new Error(`server exited early:\n${output}`)));
        setTimeout(() => fail(new Error(`server not running after 20 s:\n${output}`)), 20_000).unref();
      });

      // Ten subscribers of every patient, each seeing readings.
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const socket = await RawGraphQLSocket.connect(url, { keepMessages: false });
        socket.subscribe('all', 'subscription { readings { patientId at sensors { value } } }');
        sockets.push(socket);
      }
      await Promise.all(sockets.map((s) => s.next((m) => m.type === 'next', 20_000)));
      // HTTP clients querying history until the server goes away.
      const httpLoops = Array.from({ length: 4 }, async (_, i) => {
        while (httpRunning) {
          try {
            const res = await fetch(`${url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: `{ readings(patientId: ${i + 1}, last: 50) { at } }` }),
            });
            await res.text();
            if (res.status >= 500) http.serverErrors++;
            else http.ok++;
          } catch {
            http.refused++; // the listener is closed: expected once shutdown starts
            if (child.exitCode !== null) return;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      });

      // Under way: a second or so of ingest at ~500 readings/s.
      await until(
        async () => {
          const metrics = await (await fetch(`${url}/metrics`)).text();
          return (
            Number(/plantar_readings_stored_total\{instance_id="shutdown"\} (\d+)/.exec(metrics)?.[1]) >= 500
          );
        },
        'steady ingest',
        30_000,
        50,
      );
      // Hold Redis writes: the readings polled meanwhile are in flight at SIGTERM. Released by hand
      // a second into the shutdown (the pause's own limit is only a safety net).
      await raw.call('CLIENT', 'PAUSE', '60000', 'WRITE');
      let polled = 0;
      let buffered = 0;
      const closed = sockets.map((s) => s.closed);
      let t0: number;
      try {
        await until(
          async () => {
            const metrics = await (await fetch(`${url}/metrics`)).text();
            polled = Number(
              /plantar_polls_total\{outcome="fresh",instance_id="shutdown"\} (\d+)/.exec(metrics)?.[1],
            );
            buffered = Number(/plantar_readings_buffered\{instance_id="shutdown"\} (\d+)/.exec(metrics)?.[1]);
            return buffered >= 50;
          },
          'a backlog behind the paused Redis',
          20_000,
          10,
        );
        t0 = Date.now();
        child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, HELD_AFTER_SIGTERM_MS));
      } finally {
        await raw.call('CLIENT', 'UNPAUSE');
      }
      // The server exits by itself (with 1) once the grace period is over: a wedged one fails here.
      const code = await within(exited, GRACE_SEC * 1000 + 20_000, 'the server to exit after SIGTERM');
      const exitMs = Date.now() - t0;
      httpRunning = false;
      await Promise.all(httpLoops);
      const closeCodes = (await Promise.all(closed)).map((c) => c.code);

      let stored = 0;
      for (let id = 1; id <= PATIENTS; id++) {
        const [ts, data] = await Promise.all([raw.llen(`${id}_timestamp`), raw.llen(`${id}_data`)]);
        expect([id, data]).toEqual([id, ts]);
        stored += ts;
      }
      const logs = output.split('\n').filter((l) => l.startsWith('{'));
      const notWritten = logs.find((l) => l.includes('readings not written'));
      measured('shutdown-under-load', {
        patients: PATIENTS,
        subscribers: SUBSCRIBERS,
        polledBeforeSigterm: polled,
        inFlightAtSigterm: buffered,
        storedAfterExit: stored,
        exitCode: code,
        exitAfterSigtermMs: exitMs,
        redisHeldAfterSigtermMs: HELD_AFTER_SIGTERM_MS,
        graceMs: GRACE_SEC * 1000,
        subscriberCloseCodes: [...new Set(closeCodes)],
        httpAnswered: http.ok,
        http5xx: http.serverErrors,
        httpRefusedAfterClose: http.refused,
      });
      expect(code).toBe(0); // 1 past the grace period, or when the shutdown failed
      expect(closeCodes).toEqual(Array(SUBSCRIBERS).fill(1001));
      expect(output).toContain('shutdown complete');
      expect(notWritten).toBeUndefined();
      expect(buffered).toBeGreaterThan(0); // there really were readings in flight
      // Everything polled before the signal is in Redis (and whatever was polled after it, too).
      expect(stored).toBeGreaterThanOrEqual(polled);
      expect(http.serverErrors).toBe(0);
    } finally {
      httpRunning = false;
      if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all(sockets.map((s) => s.close()));
      raw.disconnect();
    }
  }, 120_000);
});
