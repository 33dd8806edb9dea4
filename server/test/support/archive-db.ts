import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Database } from '../../src/archive/database';
import { openDatabase } from '../../src/archive/open-database';
import { silentLogger } from './quiet';
import { writeMinutes } from '../../src/archive/archive-tables';
import { minutesOf } from '../../src/archive/minute-samples';
import { PartitionCache } from '../../src/archive/partitions';
import type { Reading } from '../../src/readings/reading';

/**
 * The PostgreSQL the archive tests use: `.ci/run` starts the local server (trust auth) and makes
 * sure database `test` exists.
 */
export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** An archive database for one test file, and how to open it again (a restart) and to remove it. */
export interface TestArchive {
  readonly engine: 'postgres' | 'pglite';
  /** The PostgreSQL schema (postgres only). */
  readonly schema?: string;
  /** Opens the same database (again): migrations run each time, as at a restart. */
  open(): Promise<Database>;
  /** Drops the schema or deletes the data folder. */
  dispose(): Promise<void>;
}

/**
 * A schema of its own per file and run, so parallel runs never see each other's tables. `url`
 * reaches the same server another way (through a proxy that can be cut).
 */
/**
 * Writes readings straight into a test archive as the writer would have (minute rows, partitions
 * made first, ended hours summed), then closes it: the past a history or export test reads back.
 * Each list is one patient's readings (minutesOf groups one patient).
 */
export async function archiveReadings(archive: TestArchive, ...perPatient: Reading[][]): Promise<void> {
  const db = await archive.open();
  try {
    const minutes = perPatient.flatMap((readings) => minutesOf(readings).minutes);
    await new PartitionCache().ensure(
      db,
      minutes.map((m) => m.minute),
    );
    await writeMinutes(db, minutes, 100, Date.now());
  } finally {
    await db.close();
  }
}

export function postgresArchive(label: string, url = TEST_DATABASE_URL): TestArchive {
  const schema = `plantar_test_${label.replace(/[^a-z0-9]/g, '_')}_${randomUUID().slice(0, 8)}`;
  return {
    engine: 'postgres',
    schema,
    open: () => openDatabase({ url, schema, logger: silentLogger(), connectTimeoutMs: 1000 }),
    async dispose() {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Embedded PGlite in a temporary folder (the first open runs initdb: a few seconds). */
export function pgliteArchive(): TestArchive {
  const dataDir = mkdtempSync(join(tmpdir(), 'plantar-pglite-'));
  return {
    engine: 'pglite',
    open: () => openDatabase({ dataDir, logger: silentLogger() }),
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
