import { ArchiveWriter } from '../../src/archive/archive-writer';
import type { Database } from '../../src/archive/database';
import { MINUTE_MS } from '../../src/archive/minute-samples';
import { archivedOf, FlakyDatabase, walk, yesterday } from '../support/archive-data';
import { postgresArchive, type TestArchive } from '../support/archive-db';
import { silentLogger } from '../support/quiet';

/**
 * At a minute boundary every patient's minute closes at once. The writer encodes and rolls up the
 * minutes of one write in a single stretch of the event loop, so it writes them in transactions of
 * at most 50 minutes (issue 17: a stretch of 1,000 held every live reading back by ~0.1 s).
 */
describe('ArchiveWriter at a minute boundary (PostgreSQL)', () => {
  let archive: TestArchive;
  let db: Database;
  /** Minutes per INSERT into archive_minutes, in the order written. */
  let inserts: number[];

  beforeAll(async () => {
    archive = postgresArchive('writer_slices');
    const inner = await archive.open();
    db = {
      engine: inner.engine,
      query: (text, params) => inner.query(text, params),
      close: () => inner.close(),
      transaction: (work) =>
        inner.transaction((tx) =>
          work({
            query: (text, params) => {
              if (text.startsWith('INSERT INTO archive_minutes')) inserts.push((params?.length ?? 0) / 4);
              return tx.query(text, params);
            },
          }),
        ),
    };
  });

  beforeEach(() => {
    inserts = [];
  });

  afterAll(async () => {
    await db?.close();
    await archive?.dispose();
  });

  it("writes 250 patients' closed minutes in transactions of at most 50, every reading once", async () => {
    const minute = yesterday() + 10 * MINUTE_MS;
    const writer = new ArchiveWriter({ db, logger: silentLogger(), now: () => minute + MINUTE_MS + 1000 });
    const patients = Array.from({ length: 250 }, (_, i) => 1000 + i);
    const perPatient = patients.map((id) => walk(id, minute, 300).filter((r) => r.at < minute + MINUTE_MS));
    writer.onStored(perPatient.flat());
    // The first reading of the next minute closes each patient's minute.
    writer.onStored(patients.map((id) => walk(id, minute + MINUTE_MS, 1)[0]!));
    await writer.flush();

    expect(inserts.reduce((a, b) => a + b, 0)).toBe(250);
    expect(Math.max(...inserts)).toBeLessThanOrEqual(50);
    for (const [i, id] of patients.entries())
      expect(await archivedOf(db, id)).toEqual({ rows: 1, readings: perPatient[i]!.length });
    await writer.close(1000);
  });

  it('holds minutes closed before and during an outage (encoded) and writes each once it answers', async () => {
    const flaky = new FlakyDatabase(db);
    const minute = yesterday() + 20 * MINUTE_MS;
    let now = minute + MINUTE_MS + 1000;
    const writer = new ArchiveWriter({ db: flaky, logger: silentLogger(), now: () => now });
    const readings = walk(2000, minute, 601);
    const of = (k: number) =>
      readings.filter((r) => r.at >= minute + k * MINUTE_MS && r.at < minute + (k + 1) * MINUTE_MS);
    // Minute 0 closes with the first reading of minute 1, while the database is up.
    writer.onStored([...of(0), of(1)[0]!]);
    flaky.down = true;
    await writer.flush(); // fails: minute 0 waits
    // Minute 1 closes during the outage.
    writer.onStored([...of(1).slice(1), of(2)[0]!]);
    expect(writer.pendingMinutes).toBe(2);
    flaky.down = false;
    now += 60_000; // past the retry delay
    await writer.flush();

    expect(writer.pendingMinutes).toBe(0);
    expect(await archivedOf(db, 2000)).toEqual({ rows: 2, readings: of(0).length + of(1).length });
    await writer.close(1000);
  });
});
