import { TokenService } from '../../src/auth/token-service';
import type { PlantarServer } from '../../src/server';
import type { GraphQLResponse } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';

const SECRET = 'replay-auth-e2e-secret-'.padEnd(48, 'r');

/** Recordings are the operators': a viewer or device token can neither upload nor control a replay. */
describe('recordings and replays with AUTH on', () => {
  const prefix = uniquePrefix('replay-auth');
  const tokens = new TokenService(SECRET);
  const operator = tokens.mint('ops', 'operator', 600);
  const viewer = tokens.mint('ward-tablet', 'viewer', 600);
  const device = tokens.mint('insole-gw', 'device', 600, '7');
  const csv = [
    'time,L0,L1,L2,R0,R1,R2',
    ...Array.from({ length: 8 }, (_, i) => `${i * 0.25},1,2,3,4,5,6`),
  ].join('\n');
  let server: PlantarServer;

  const upload = async (token: string) => {
    const res = await fetch(`${server.url}/ingest/v1/recordings`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: csv,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const gql = async <T>(source: string, token: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  };

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      AUTH: 'on',
      AUTH_SECRET: SECRET,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('refuses an upload from a viewer or a device token, and takes an operator’s', async () => {
    // Refused with the token, before the body is read (the shape of every authentication refusal).
    const refused = await upload(viewer);
    expect(refused.status).toBe(403);
    expect(refused.body['errors']).toEqual([
      {
        message: expect.stringMatching(/viewer token may not .*upload recordings/),
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
    expect(await upload(device)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', message: 'only operators upload recordings' },
    });
    expect(await upload(operator)).toMatchObject({ status: 200, body: { rows: 8 } });
  });

  it('lets a viewer watch the replays but not start, pause, resume or stop one', async () => {
    const { body } = await upload(operator);
    const startReplay =
      'mutation ($u: ID!) { startReplay(uploadId: $u, name: "Ada", speed: 1) { id state } }';
    const refused = await gql(startReplay, viewer, { u: body['uploadId'] });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const started = await gql<{ startReplay: { id: string } }>(startReplay, operator, {
      u: body['uploadId'],
    });
    const id = started.data!.startReplay.id;
    for (const m of ['pauseReplay', 'resumeReplay', 'stopReplay']) {
      const res = await gql(`mutation ($id: ID!) { ${m}(id: $id) { id } }`, viewer, { id });
      expect({ m, code: res.errors?.[0]?.extensions?.['code'] }).toEqual({ m, code: 'FORBIDDEN' });
    }
    const seen = await gql<{ replays: { id: string; state: string }[] }>('{ replays { id state } }', viewer);
    expect(seen.data!.replays).toEqual([{ id, state: 'PLAYING' }]);
    await gql(`mutation ($id: ID!) { stopReplay(id: $id) { id } }`, operator, { id });
  });
});
