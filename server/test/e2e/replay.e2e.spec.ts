import { request } from 'node:http';
import { MAX_RECORDING_BYTES } from '../../src/http/ingest-route';
import type { PlantarServer } from '../../src/server';
import { collect, query, wsClient } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';

/** A CSV recording uploaded over HTTP, validated, then replayed live through GraphQL. */
describe('recordings replayed live', () => {
  const prefix = uniquePrefix('replay');
  let server: PlantarServer;
  const rows = Array.from(
    { length: 40 },
    (_, i) => `${(i * 0.25).toFixed(2)},${100 + i},2,3,4,5,6${i === 7 ? ',1' : ''}`,
  );
  const upload = (body: string, type = 'text/csv') =>
    fetch(`${server.url}/ingest/v1/recordings`, { method: 'POST', headers: { 'content-type': type }, body });

  beforeAll(async () => {
    server = await startTestServer({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, PATIENT_IDS: '1' });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('reports an upload before anything starts, then replays it as a REPLAY patient to the end', async () => {
    const res = await upload(
      ['time,L0,L1,L2,R0,R1,R2,anomaly', ...rows.slice(0, 20), '5.0,oops,1,1,1,1,1', ...rows.slice(20)].join(
        '\r\n',
      ),
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, unknown>;
    expect(report).toMatchObject({
      format: 'minimal',
      rows: 40,
      durationSeconds: 9.75,
      samplesPerSecond: 4,
      errorCount: 1,
      errors: [{ line: 22, column: 2, message: 'L0: expected an integer 0..1023, got "oops"' }],
    });
    const start = await query<{ startReplay: { id: string; patientId: number; state: string } }>(
      server.url,
      'mutation ($u: ID!) { startReplay(uploadId: $u, name: "Ada Nowak", speed: 10) { id patientId state } }',
      { u: report['uploadId'] },
    );
    const replay = start.data!.startReplay;
    expect(replay.state).toBe('PLAYING');
    const client = wsClient(server.url);
    const progress = await collect<{
      replayProgress: { id: string; state: string; sent: number; total: number }[];
    }>(
      client,
      'subscription { replayProgress { id state sent total } }',
      {},
      (r) => r.at(-1)?.replayProgress.find((p) => p.id === replay.id)?.state === 'FINISHED',
      20_000,
    );
    await client.dispose();
    expect(progress.at(-1)!.replayProgress.find((p) => p.id === replay.id)).toMatchObject({
      sent: 40,
      total: 40,
    });
    await server.writeQueue.drain(5000);
    const stored = await server.services.store.readings(replay.patientId, { from: 0, last: 100 });
    expect(stored.map((r) => r.sensors[0]!.value)).toEqual(Array.from({ length: 40 }, (_, i) => 100 + i));
    expect(stored[7]!.sensors.every((s) => s.anomaly)).toBe(true);
    const patient = await query<{ patient: { source: string; firstName: string } }>(
      server.url,
      'query ($id: Int!) { patient(id: $id) { source firstName } }',
      { id: replay.patientId },
    );
    expect(patient.data?.patient).toEqual({ source: 'REPLAY', firstName: 'Ada' });
  });

  it('refuses a recording declared over the cap before reading its body', async () => {
    // Nothing of the body is sent: the answer comes from the Content-Length alone.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/ingest/v1/recordings`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'content-length': String(MAX_RECORDING_BYTES + 1) },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: `the recording exceeds ${MAX_RECORDING_BYTES} bytes`,
    });
  });

  it('refuses what is not a recording, and a second start of the same upload', async () => {
    const bad = await upload('when,what\n1,2\n');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^the header lacks time, L0/);
    expect((await upload('time,L0', 'application/json')).status).toBe(415);
    const ok = (await (await upload(['time,L0,L1,L2,R0,R1,R2', ...rows.slice(0, 3)].join('\n'))).json()) as {
      uploadId: string;
    };
    const startIt = () =>
      query(server.url, 'mutation ($u: ID!) { startReplay(uploadId: $u, name: "x") { id } }', {
        u: ok.uploadId,
      });
    expect((await startIt()).errors).toBeUndefined();
    const second = await startIt();
    expect(second.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^no upload/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
