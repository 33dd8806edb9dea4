import type { PlantarServer } from '../../src/server';
import { postgresArchive, TEST_DATABASE_URL } from '../support/archive-db';
import { query } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

jest.setTimeout(60_000);

/** Gait minutes from the running analysis into the archive, and back out as gaitHistory days. */
describe('gait history through the server', () => {
  const prefix = uniquePrefix('gait-archive');
  const testArchive = postgresArchive('gait');
  let server: PlantarServer | undefined;
  const start = () =>
    startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '2',
      ARCHIVE: 'on',
      DATABASE_URL: TEST_DATABASE_URL,
      ARCHIVE_SCHEMA: testArchive.schema!,
    });

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
    await testArchive.dispose();
  });

  it("writes the open minute at stop, so today's walking is there after a restart", async () => {
    server = await start();
    await until(
      async () => server!.services.gait?.current(2)?.state === 'WALKING',
      'patient 2 walking',
      40_000,
    );
    await server.stop(); // well within a minute: only the open minute, flushed at stop
    server = await start();
    const now = Date.now();
    const r = await query<{
      gaitHistory: { days: { day: string; walkingMinutes: number; steps: number; minutesCovered: number }[] };
    }>(
      server.url,
      'query ($from: DateTime!, $to: DateTime!) { gaitHistory(patientId: 2, from: $from, to: $to) { days { day walkingMinutes steps minutesCovered } } }',
      { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 60_000).toISOString() },
    );
    expect(r.errors).toBeUndefined();
    const days = r.data!.gaitHistory.days;
    expect(days.length).toBeGreaterThanOrEqual(1);
    const total = days.reduce((n, d) => n + d.minutesCovered, 0);
    expect(total).toBeGreaterThanOrEqual(1);
    expect(days.reduce((n, d) => n + d.steps, 0)).toBeGreaterThan(0);
    expect(days.reduce((n, d) => n + d.walkingMinutes, 0)).toBeGreaterThan(0);
  });
});
