import { episodeId, type EpisodeCore } from '../../src/episodes/episode';
import type { PlantarServer } from '../../src/server';
import { wsClient } from '../support/graphql';
import { until } from '../support/wait';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';

/** Realistic times: durations of active episodes run to now and are 32-bit milliseconds. */
const T = Date.now() - 60_000;
const SECRET = 'episodes-e2e-secret-'.padEnd(48, 'q');

function core(patientId: number, startedAt: number, endedAt: number | null = null): EpisodeCore {
  return {
    id: episodeId(patientId, 'ANOMALY', startedAt),
    patientId,
    kind: 'ANOMALY',
    severity: 'HIGH',
    startedAt,
    lastFlaggedAt: startedAt + 2000,
    endedAt,
    readingCount: 11,
    sensors: ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'],
    peak: 1023,
  };
}

/** The episodes contract over HTTP and graphql-ws, with tokens on, against Redis. */
describe('episodes over GraphQL', () => {
  const prefix = uniquePrefix('episodes-e2e');
  let server: PlantarServer;
  let nurse: string;

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = nurse) {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions: { code: string } }[] };
  }

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-2',
      AUTH: 'on',
      AUTH_SECRET: SECRET,
    });
    nurse = server.services.access.tokens!.mint('nurse-ann', 'viewer', 600);
    const { episodes } = server.services;
    await episodes.record({
      patientId: 1,
      changes: [{ core: core(1, T), event: 'OPENED' }],
      state: undefined,
    });
    await episodes.record({
      patientId: 2,
      changes: [{ core: core(2, T + 20_000, T + 29_000), event: 'OPENED' }],
      state: undefined,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('lists episodes newest first with status, and shows them on their patients', async () => {
    const res = await gql<{
      episodes: { totalCount: number; edges: { node: { id: string; status: string; durationMs: number } }[] };
      patients: { id: number; unacknowledgedCount: number; openEpisodes: { id: string }[] }[];
    }>(`{
      episodes(first: 10) { totalCount edges { node { id status durationMs } } }
      patients { id unacknowledgedCount openEpisodes { id } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.episodes.totalCount).toBe(2);
    expect(res.data!.episodes.edges.map((e) => [e.node.id, e.node.status])).toEqual([
      [core(2, T + 20_000).id, 'CLEARED_UNACKNOWLEDGED'],
      [core(1, T).id, 'ACTIVE_UNACKNOWLEDGED'],
    ]);
    expect(res.data!.episodes.edges[0]!.node.durationMs).toBe(9000);
    expect(res.data!.patients).toEqual([
      { id: 1, unacknowledgedCount: 1, openEpisodes: [{ id: core(1, T).id }] },
      { id: 2, unacknowledgedCount: 1, openEpisodes: [] },
    ]);
  });

  it('lets a viewer acknowledge with a note, tells subscribers, and refuses a second time', async () => {
    const id = core(2, T + 20_000).id;
    const client = wsClient(server.url, { connectionParams: { token: nurse } });
    const events: { type: string; episode: { id: string; acknowledgedBy: string | null } }[] = [];
    const unsubscribe = client.subscribe<{ episodes: (typeof events)[number] }>(
      { query: 'subscription { episodes { type episode { id acknowledgedBy } } }' },
      {
        next: (r) => r.data && events.push(r.data.episodes),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    try {
      // The subscription is confirmed by hearing a note on the other episode (repeatable, unlike an acknowledgement).
      await until(async () => {
        await gql('mutation($id: ID!) { addEpisodeNote(id: $id, text: "probe") { id } }', {
          id: core(1, T).id,
        });
        return events.some((e) => e.type === 'UPDATED');
      }, 'the episode subscription to hear a note');
      const ack = () =>
        gql<{ acknowledgeEpisode: { status: string; notes: { text: string }[] } }>(
          'mutation($id: ID!) { acknowledgeEpisode(id: $id, note: "  patient was resting \\u0007 ") { status acknowledgedBy notes { by text } } }',
          { id },
        );
      const acked = await ack();
      expect(acked.errors).toBeUndefined();
      expect(acked.data!.acknowledgeEpisode).toEqual({
        status: 'CLEARED_ACKNOWLEDGED',
        acknowledgedBy: 'nurse-ann',
        notes: [{ by: 'nurse-ann', text: 'patient was resting' }],
      });
      await until(() => events.some((e) => e.type === 'ACKNOWLEDGED'), 'the ACKNOWLEDGED event');
      expect(events.find((e) => e.type === 'ACKNOWLEDGED')!.episode).toEqual({
        id,
        acknowledgedBy: 'nurse-ann',
      });
      const again = await ack();
      expect(again.errors?.[0]?.extensions.code).toBe('ALREADY_ACKNOWLEDGED');
      expect(again.errors?.[0]?.message).toContain('nurse-ann');
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });

  it('answers unknown episodes and bad notes with codes, changing nothing', async () => {
    const unknown = await gql('mutation { acknowledgeEpisode(id: "9-ANOMALY-1") { id } }');
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const blank = await gql('mutation($id: ID!) { addEpisodeNote(id: $id, text: "   ") { id } }', {
      id: core(1, T).id,
    });
    expect(blank.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const long = await gql('mutation($id: ID!, $t: String!) { addEpisodeNote(id: $id, text: $t) { id } }', {
      id: core(1, T).id,
      t: 'x'.repeat(1001),
    });
    expect(long.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const stored = await server.services.episodes.get(core(1, T).id);
    expect(stored!.notes.every((n) => n.text === 'probe')).toBe(true);
    expect(stored!.acknowledgement).toBeNull();
  });
});
