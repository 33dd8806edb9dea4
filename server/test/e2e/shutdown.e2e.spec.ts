import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { freePort } from '../support/redis-process';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { TokenService } from '../../src/auth/token-service';

const MAIN = resolve(__dirname, '../../dist/main.js');

/** The real entry point as its own process: what `npm start` and docker run. */
describe('graceful shutdown of the server process', () => {
  const prefix = uniquePrefix('shutdown');
  afterAll(() => deleteKeys(prefix));

  it('on SIGTERM stops polling, writes what it polled, closes clients with 1001 and exits 0', async () => {
    expect(existsSync(MAIN)).toBe(true); // built by `npm test` before the tests run
    const port = await freePort();
    const secret = 'shutdown-test-secret-'.padEnd(40, 'x');
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        PATIENT_IDS: '1-3',
        LOG_LEVEL: 'info',
        AUTH_SECRET: secret,
        // The archive's own shutdown is tested in test/archive; here it would initdb a PGlite in .data.
        ARCHIVE: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Ready once it prints where to point a browser.
    await new Promise<void>((ok, fail) => {
      const check = () => (output.includes('Plantar is running') ? ok() : undefined);
      child.stdout.on('data', check);
      void exited.then(() => fail(new Error(`server exited early:\n${output}`)));
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    const token = new TokenService(secret).mint('shutdown-test', 'viewer', 600);
    ws.send(JSON.stringify({ type: 'connection_init', payload: { token } }));
    await new Promise((r) => ws.once('message', r));
    ws.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription { readings { patientId } }' },
      }),
    );
    // Readings of all three patients are flowing.
    await new Promise<void>((r) => {
      const seen = new Set<number>();
      const onMessage = (data: WebSocket.RawData) => {
        const id = JSON.parse(String(data))?.payload?.data?.readings?.patientId;
        if (typeof id === 'number') seen.add(id);
        if (seen.size === 3) {
          ws.off('message', onMessage);
          r();
        }
      };
      ws.on('message', onMessage);
    });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await closed).toBe(1001);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(output).toContain('shutdown complete');
    expect(output).not.toContain('readings not written');
    const redis = rawRedis();
    try {
      for (const id of [1, 2, 3]) {
        const [data, ts] = await Promise.all([
          redis.llen(`${prefix}${id}_data`),
          redis.llen(`${prefix}${id}_timestamp`),
        ]);
        expect(data).toBeGreaterThan(0);
        expect(ts).toBe(data);
      }
    } finally {
      redis.disconnect();
    }
  });
});
