import type { PlantarServer } from '../../src/server';
import { postgresArchive, TEST_DATABASE_URL } from '../support/archive-db';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

interface ReadyBody {
  status: string;
  problems: string[];
  archive: { status: string; lagSeconds: number; pendingMinutes: number; problem?: string };
}

async function readyz(server: PlantarServer): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

/** The archive wired into the whole server (startPlantar), on the test PostgreSQL. */
describe('archive in the server', () => {
  const prefix = uniquePrefix('archive-server');
  const testArchive = postgresArchive('server');
  let server: PlantarServer | undefined;

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
    await testArchive.dispose();
  });

  it('archives what the poller stores, says so in /readyz and /metrics, and flushes at stop', async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-2',
      SIMULATOR_PATIENTS: '2',
      ARCHIVE: 'on',
      DATABASE_URL: TEST_DATABASE_URL,
      ARCHIVE_SCHEMA: testArchive.schema!,
      INSTANCE_ID: 'archive-server',
    });
    const s = server;
    expect(s.services.archive).toBeDefined();
    await until(async () => (await s.services.store.readings(1, { last: 10 })).length >= 10, 'readings');
    const ready = await readyz(s);
    expect(ready.status).toBe(200);
    expect(ready.body.archive.status).toBe('ok');
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^plantar_archive_lag_seconds\{instance_id="archive-server"\} \d/m);
    expect(metrics).toMatch(/^plantar_archive_readings_written_total\{instance_id="archive-server"\} \d/m);

    const stored = (await s.services.store.readings(1, { last: 100_000 })).length;
    await s.stop();
    server = undefined;
    // Stop wrote the open minutes (partial): every reading the store got is in the archive.
    const db = await testArchive.open();
    try {
      const rows = await db.query(
        'SELECT coalesce(sum(samples), 0)::int AS n FROM archive_minutes WHERE patient_id = 1',
      );
      expect(rows[0]!['n']).toBeGreaterThanOrEqual(stored);
    } finally {
      await db.close();
    }
  });

  it('starts and stays ready with the database unreachable, reporting the archive degraded', async () => {
    const away = await startTestServer({
      PATIENT_IDS: '1',
      SIMULATOR_PATIENTS: '1',
      ARCHIVE: 'on',
      // A port nothing listens on: the connection is refused at once.
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
      // Stop gives the writer half of this to write what it holds (it cannot): keep it short.
      SHUTDOWN_GRACE_SEC: '2',
    });
    try {
      const ready = await readyz(away);
      expect(ready.status).toBe(200);
      expect(ready.body.problems).toEqual([]);
      expect(ready.body.archive.status).toBe('degraded');
      expect(ready.body.archive.problem).toMatch(/archive database not open/);
    } finally {
      await away.stop();
    }
  });
});
