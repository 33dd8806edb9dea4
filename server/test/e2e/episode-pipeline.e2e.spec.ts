import type { EpisodeEvent } from '../../src/episodes/episode-store';
import type { PlantarServer } from '../../src/server';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startScriptedApi } from '../support/scripted-api';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

/**
 * Flags from polls to episodes, through the real poller, Redis and detectors, across a restart of
 * the server in the middle of an episode.
 */
describe('episodes from polled flags, across a restart', () => {
  const prefix = uniquePrefix('episode-pipeline');
  let api: Awaited<ReturnType<typeof startScriptedApi>>;
  let server: PlantarServer | undefined;
  const start = () =>
    startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      API_BASE_URL: api.url,
      PATIENT_IDS: '1-2',
    });

  beforeAll(async () => {
    api = await startScriptedApi();
  });
  afterAll(async () => {
    await server?.stop();
    await api.close();
    await deleteKeys(prefix);
  });

  it('opens one ANOMALY episode, continues it after a restart, and clears it', async () => {
    server = await start();
    const events: EpisodeEvent[] = [];
    const follow = async (s: PlantarServer) => {
      const it = s.services.episodes.subscribe([1]);
      void (async () => {
        for await (const e of it) events.push(e);
      })();
      return it;
    };
    let feed = await follow(server);
    api.flag(1, true);
    await until(() => events.some((e) => e.type === 'OPENED'), 'OPENED', 20_000);
    const opened = events.find((e) => e.type === 'OPENED')!.episode;
    expect(opened).toMatchObject({ patientId: 1, kind: 'ANOMALY', severity: 'HIGH', endedAt: null });
    expect(opened.sensors).toEqual(['L0', 'L1', 'L2', 'R0', 'R1', 'R2']);

    await feed.return?.();
    await server.stop(); // mid-episode: the flags go on while no server runs
    server = await start();
    feed = await follow(server);
    const before = events.length;
    await until(
      async () =>
        ((await server!.services.episodes.get(opened.id))?.readingCount ?? 0) > opened.readingCount + 10,
      'the same episode to gather readings after the restart',
      20_000,
    );
    api.flag(1, false);
    await until(() => events.slice(before).some((e) => e.type === 'CLEARED'), 'CLEARED', 20_000);
    await feed.return?.();
    expect(events.filter((e) => e.type === 'OPENED')).toHaveLength(1);
    expect(new Set(events.map((e) => e.episode.id))).toEqual(new Set([opened.id]));
    const page = await server.services.episodes.list({ first: 10, patientIds: [1, 2] });
    expect(page.items.map((e) => [e.id, e.endedAt !== null])).toEqual([[opened.id, true]]);
  });
});
