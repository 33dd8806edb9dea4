import { parse } from 'csv-parse/sync';
import { episodeId, type EpisodeCore } from '../../src/episodes/episode';
import { ExportLinks } from '../../src/export/export-link';
import type { PlantarServer } from '../../src/server';
import { walk, yesterday } from '../support/archive-data';
import { archiveReadings, postgresArchive, TEST_DATABASE_URL } from '../support/archive-db';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';

const SECRET = 'export-api-secret-'.padEnd(48, 'e');
const T0 = yesterday() + 14 * 3_600_000;
const readings = walk(93, T0, 1500); // five minutes at 5 Hz

const iso = (t: number) => new Date(t).toISOString();

/** CSV exports through a signed link: GraphQL mutation with a token, then a GET without one. */
describe('CSV export over HTTP', () => {
  const prefix = uniquePrefix('export-api');
  const testArchive = postgresArchive('export_api');
  let server: PlantarServer;
  let nurse: string;

  async function exportLink(kind: string, from: number, to: number, token = nurse) {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation E($kind: ExportKind!, $from: DateTime!, $to: DateTime!) {
          exportLink(kind: $kind, patientId: 93, from: $from, to: $to) { path fileName expiresAt } }`,
        variables: { kind, from: iso(from), to: iso(to) },
      }),
    });
    return (await res.json()) as {
      data?: { exportLink: { path: string; fileName: string; expiresAt: string } };
      errors?: { message: string; extensions: { code: string } }[];
    };
  }

  beforeAll(async () => {
    await archiveReadings(testArchive, readings);
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      SIMULATOR_PATIENTS: '1',
      AUTH: 'on',
      AUTH_SECRET: SECRET,
      ARCHIVE: 'on',
      DATABASE_URL: TEST_DATABASE_URL,
      ARCHIVE_SCHEMA: testArchive.schema!,
    });
    nurse = server.services.access.tokens!.mint('nurse-ann', 'viewer', 600);
    const core: EpisodeCore = {
      id: episodeId(93, 'ANOMALY', T0 + 60_000),
      patientId: 93,
      kind: 'ANOMALY',
      severity: 'HIGH',
      startedAt: T0 + 60_000,
      lastFlaggedAt: T0 + 62_000,
      endedAt: T0 + 64_000,
      readingCount: 11,
      sensors: ['L0', 'R2'],
      peak: 1023,
    };
    await server.services.episodes.record({
      patientId: 93,
      changes: [{ core, event: 'OPENED' }],
      state: undefined,
    });
    await server.services.episodes.acknowledge(
      core.id,
      '=cmd|calc',
      T0 + 70_000,
      'seen, "resting"\nsecond line',
    );
  });

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
    await testArchive.dispose();
  });

  it("streams a patient's readings as CSV to a GET without a token, named after patient and range", async () => {
    const from = T0 + 60_000;
    const to = T0 + 3 * 60_000 - 1;
    const link = await exportLink('READINGS', from, to);
    expect(link.errors).toBeUndefined();
    const { path, fileName, expiresAt } = link.data!.exportLink;
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const res = await fetch(`${server.url}${path}`); // no Authorization header
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
    expect(fileName).toMatch(/^plantar-patient-93-readings-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    const expected = readings.filter((r) => r.at >= from && r.at <= to);
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => Number(r['epoch_ms']))).toEqual(expected.map((r) => r.at));
    expect(rows.map((r) => Date.parse(r['time']!))).toEqual(expected.map((r) => r.at));
    expect(rows.map((r) => ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'].map((n) => Number(r[n])))).toEqual(
      expected.map((r) => r.sensors.map((s) => s.value)),
    );
    expect(rows.map((r) => r['R2_flag'])).toEqual(expected.map((r) => (r.sensors[5]!.anomaly ? '1' : '0')));
  });

  it('exports episodes with text cells quoted and formula-like ones defused', async () => {
    const link = await exportLink('EPISODES', T0, T0 + 10 * 60_000);
    const res = await fetch(`${server.url}${link.data!.exportLink.path}`);
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      patient_id: '93',
      kind: 'ANOMALY',
      status: 'CLEARED_ACKNOWLEDGED',
      sensors: 'L0 R2',
      acknowledged_by: "'=cmd|calc",
      started_at_ms: String(T0 + 60_000),
    });
    expect(rows[0]!['notes']).toContain('=cmd|calc: seen, "resting"\nsecond line');
  });

  it('refuses expired, altered and foreign links with 403, and asks for a token for the link itself', async () => {
    const request = { kind: 'READINGS' as const, patientId: 93, from: T0, to: T0 + 60_000 };
    const expired = server.services.exportLinks.sign(request, Date.now() - 301_000).token;
    const foreign = new ExportLinks('someone-elses-secret-'.padEnd(40, 'z'), 300_000).sign(request).token;
    const good = server.services.exportLinks.sign(request).token;
    const [payload, mac] = good.split('.') as [string, string];
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), p: 94 }),
    ).toString('base64url');
    for (const token of [expired, foreign, `${widened}.${mac}`, 'not-a-link']) {
      const res = await fetch(`${server.url}/export/${token}`);
      expect({ token, status: res.status }).toEqual({ token, status: 403 });
      expect(await res.json()).toMatchObject({ code: 'LINK_REFUSED' });
    }
    expect((await exportLink('READINGS', T0, T0 + 60_000, 'not-a-token')).errors?.[0]?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses an empty, reversed or too long range with BAD_USER_INPUT', async () => {
    for (const [from, to] of [
      [T0, T0],
      [T0 + 1, T0],
      [T0, T0 + 32 * 86_400_000],
    ] as const) {
      expect((await exportLink('READINGS', from, to)).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
