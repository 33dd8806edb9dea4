import { episodeId } from '../../src/episodes/episode';
import type { PlantarServer } from '../../src/server';
import { query, wsClient } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { measured, until } from '../support/wait';

interface Summary {
  patientId: number;
  status: string;
  values: number[] | null;
  unacknowledgedEpisodes: number;
  attention: string | null;
}
const FIELDS = 'patientId status values unacknowledgedEpisodes attention';

/** The ward overview's feed against real Redis, the simulator and the whole server. */
describe('ward overview feed', () => {
  const prefix = uniquePrefix('overview');
  let server: PlantarServer;

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-3',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('starts from a snapshot, then sends each patient at most twice a second, and an episode at once', async () => {
    const client = wsClient(server.url);
    const batches: { at: number; received: number; summaries: Summary[] }[] = [];
    const unsubscribe = client.subscribe<{ patientSummaries: { at: string; summaries: Summary[] } }>(
      { query: `subscription { patientSummaries { at summaries { ${FIELDS} } } }` },
      {
        next: (r) =>
          r.data &&
          batches.push({
            at: Date.parse(r.data.patientSummaries.at),
            received: Date.now(),
            summaries: r.data.patientSummaries.summaries,
          }),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    try {
      await until(() => batches.some((b) => b.summaries.some((s) => s.status === 'LIVE')), 'a LIVE summary');
      const snapshot = await query<{ patientSummaries: Summary[] }>(
        server.url,
        `{ patientSummaries { ${FIELDS} } }`,
      );
      expect(snapshot.data!.patientSummaries.map((s) => s.patientId).sort()).toEqual([1, 2, 3]);
      expect(snapshot.data!.patientSummaries.every((s) => s.values?.length === 6)).toBe(true);

      await until(() => batches.length >= 6, 'six batches');
      // A patient appears at most once per batch, and value batches come at the feed's pace.
      for (const b of batches)
        expect(new Set(b.summaries.map((s) => s.patientId)).size).toBe(b.summaries.length);

      const startedAt = Date.now();
      const id = episodeId(2, 'ANOMALY', startedAt);
      await server.services.episodes.record({
        patientId: 2,
        changes: [
          {
            core: {
              id,
              patientId: 2,
              kind: 'ANOMALY',
              severity: 'HIGH',
              startedAt,
              lastFlaggedAt: startedAt,
              endedAt: null,
              readingCount: 5,
              sensors: ['L0'],
              peak: 1023,
            },
            event: 'OPENED',
          },
        ],
        state: undefined,
      });
      const recorded = Date.now();
      await until(
        () => batches.some((b) => b.summaries.some((s) => s.patientId === 2 && s.attention === 'HIGH')),
        'the episode in the feed',
      );
      const arrival = batches.find((b) =>
        b.summaries.some((s) => s.patientId === 2 && s.attention === 'HIGH'),
      )!;
      expect(arrival.summaries.find((s) => s.patientId === 2)).toMatchObject({ unacknowledgedEpisodes: 1 });
      measured('overview feed: episode to subscriber', { ms: arrival.received - recorded });
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });
});
