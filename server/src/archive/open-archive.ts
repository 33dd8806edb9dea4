import type { Registry } from 'prom-client';
import type { Logger } from '../observability/logger';
import type { Reading } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import { registerArchiveMetrics } from './archive-metrics';
import { ArchiveWriter, type ArchiveWriterOptions } from './archive-writer';
import type { Database } from './database';
import {
  gaitDays,
  gaitRange,
  gaitTotals,
  GaitMinuteWriter,
  type GaitDay,
  type GaitRange,
  type GaitTotals,
} from './gait-minutes';
import type { GaitMinute } from '../gait/gait-summary';
import { history, type History } from './history';
import { openDatabase } from './open-database';
import { ArchiveMaintenance, DEFAULT_RETENTION } from './partitions';
import type { MinuteSamples } from './minute-samples';
import { loadRange, resolveQueryOptions, type ArchiveQueryOptions } from './range-sources';
import { patientTotals, type PatientTotals } from './rankings';
import { stats, type PatientStats } from './stats';
import { WindowCache } from './window-cache';

export interface ArchiveOptions {
  /** DATABASE_URL: PostgreSQL; unset runs embedded PGlite in `dataDir`. @default undefined */
  databaseUrl?: string | undefined;
  /** DATA_DIR: the embedded database's folder. @default `<repo>/.data` */
  dataDir?: string | undefined;
  /** Schema of the archive's tables (tests use one each). @default 'public' */
  schema?: string | undefined;
  /** ARCHIVE_RETENTION_DAYS: days of raw minutes kept. @default 365 */
  archiveRetentionDays?: number;
  /** ROLLUP_RETENTION_DAYS: days of per-minute rollups kept. @default 3650 */
  rollupRetentionDays?: number;
  /** How far back the reading store holds every reading: (MAX_SEC + CLEAR_DELAY) * 1000. @default 660000 */
  windowMs?: number;
  /** The reading store: catch-up source, and the recent part of every history. */
  store: ReadingStore;
  /** The patients this instance writes (owns): every known patient while one instance runs. @default store.knownPatients */
  ownedPatients?: () => Promise<readonly number[]>;
  logger: Logger;
  /** Where the archive's Prometheus metrics go. @default undefined (none) */
  registry?: Registry | undefined;
  /** Pause between attempts to open the database while it cannot be opened. @default 5000 */
  reopenDelayMs?: number;
  /** Writer tuning (batches, outage buffer, close delay). @default {} */
  writer?: Partial<
    Omit<ArchiveWriterOptions, 'db' | 'logger' | 'recovery' | 'archiveRetentionDays' | 'windowMs'>
  >;
}

/** The archive as the composition root holds it. */
export interface Archive {
  readonly writer: ArchiveWriter;
  /** The write queue's onStored hook. */
  onStored(readings: readonly Reading[]): void;
  history(patientId: number, from: number, to: number, maxPoints: number): Promise<History>;
  stats(patientId: number, from: number, to: number): Promise<PatientStats>;
  /** The raw minutes of [from, to] (inclusive), sliced, from the archive and the store's window (exports). */
  minutes(patientId: number, from: number, to: number): Promise<MinuteSamples[]>;
  /** Every patient's archived totals over minutes starting in [from, to) (rankings). */
  totals(from: number, to: number): Promise<PatientTotals[]>;
  /** The gait engine's finished minutes (held and written every few seconds). */
  onGaitMinutes(minutes: readonly GaitMinute[]): void;
  /** A patient's gait per calendar day of `timeZone` over [from, to). */
  gaitDays(patientId: number, from: number, to: number, timeZone: string): Promise<GaitDay[]>;
  /** A patient's gait over [from, to) as one summary. */
  gaitRange(patientId: number, from: number, to: number): Promise<GaitRange>;
  /** Every patient's walking minutes and asymmetry over [from, to) (rankings). */
  gaitTotals(from: number, to: number): Promise<GaitTotals[]>;
  readonly gaitWriter: GaitMinuteWriter;
  /** Why the archive is behind or away, for /readyz; undefined while it keeps up. */
  readonly problem: string | undefined;
  /** Flushes what it holds (within `timeoutMs`), stops, closes the database. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * Stands in for the database until it is open: every call fails (the writer buffers and retries,
 * history serves the store's window), then everything goes to the real one.
 */
class OpeningDatabase implements Database {
  inner: Database | undefined;
  why = 'not opened yet';

  get engine(): Database['engine'] {
    return this.inner?.engine ?? 'postgres';
  }

  private closedError(): Promise<never> {
    return Promise.reject(new Error(`archive database not open: ${this.why}`));
  }

  query: Database['query'] = (text, params) => this.inner?.query(text, params) ?? this.closedError();

  transaction: Database['transaction'] = (work) => this.inner?.transaction(work) ?? this.closedError();

  close(): Promise<void> {
    return this.inner?.close() ?? Promise.resolve();
  }
}

/**
 * Opens the archive: the database (migrated), partition maintenance, the writer and, once the
 * database answers, a catch-up from the reading store. Resolves after the first attempt to open
 * the database; when that fails (PostgreSQL down at startup) the server starts anyway, the attempt
 * is repeated every `reopenDelayMs`, and meanwhile the writer keeps minutes as in any outage.
 */
export async function openArchive(options: ArchiveOptions): Promise<Archive> {
  const { store, logger } = options;
  const archiveRetentionDays = options.archiveRetentionDays ?? DEFAULT_RETENTION.archiveRetentionDays;
  const rollupRetentionDays = options.rollupRetentionDays ?? DEFAULT_RETENTION.rollupRetentionDays;
  const windowMs = options.windowMs ?? 660_000;
  const ownedPatients = options.ownedPatients ?? (() => store.knownPatients());
  const db = new OpeningDatabase();
  const writer = new ArchiveWriter({
    ...options.writer,
    db,
    logger,
    archiveRetentionDays,
    windowMs,
    recovery: { store, patients: ownedPatients },
  });
  const maintenance = new ArchiveMaintenance({ db, logger, archiveRetentionDays, rollupRetentionDays });
  if (options.registry !== undefined) registerArchiveMetrics(options.registry, writer);
  // The store's part of every history, stats and export is read through it (one per instance).
  const windowCache = new WindowCache(store, { windowMs });
  const queryOptions = (): ArchiveQueryOptions => ({ archiveRetentionDays, windowMs, windowCache });

  const opener = new DatabaseOpener(options, db, async (opened) => {
    // After the database opened: partitions, then what the store holds that the archive lacks.
    logger.info({ engine: opened.engine }, 'archive database open');
    await maintenance.start();
    await writer.catchUp(store, await ownedPatients());
  });
  await opener.attempt();
  writer.start();
  const gaitWriter = new GaitMinuteWriter({ db, logger });
  gaitWriter.start();

  return {
    writer,
    onStored: (readings) => writer.onStored(readings),
    history: (patientId, from, to, maxPoints) =>
      history(db, store, patientId, from, to, maxPoints, { ...queryOptions(), now: Date.now() }),
    stats: (patientId, from, to) =>
      stats(db, store, patientId, from, to, { ...queryOptions(), now: Date.now() }),
    totals: (from, to) => patientTotals(db, from, to, Date.now()),
    gaitWriter,
    onGaitMinutes: (minutes) => gaitWriter.add(minutes),
    gaitDays: (patientId, from, to, timeZone) => gaitDays(db, patientId, from, to, timeZone),
    gaitTotals: (from, to) => gaitTotals(db, from, to),
    gaitRange: (patientId, from, to) => gaitRange(db, patientId, from, to),
    minutes: async (patientId, from, to) =>
      (await loadRange(db, store, patientId, from, to, false, resolveQueryOptions({ ...queryOptions() })))
        .raw,
    get problem() {
      if (db.inner === undefined) return `archive database not open: ${db.why}`;
      return writer.problem;
    },
    async close(timeoutMs = 5000) {
      opener.stop();
      maintenance.stop();
      await writer.close(timeoutMs);
      await gaitWriter.close();
      await db.close();
    },
  };
}

/**
 * Opens the database, and while that fails (PostgreSQL down at startup) tries again every
 * `reopenDelayMs`; once open, hands it to `db` and runs `started` in the background.
 */
class DatabaseOpener {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly options: ArchiveOptions,
    private readonly db: OpeningDatabase,
    private readonly started: (opened: Database) => Promise<void>,
  ) {}

  async attempt(): Promise<void> {
    const { logger } = this.options;
    const retryInMs = this.options.reopenDelayMs ?? 5000;
    let opened: Database;
    try {
      opened = await openDatabase({
        url: this.options.databaseUrl,
        dataDir: this.options.dataDir,
        schema: this.options.schema,
        logger,
      });
    } catch (error) {
      this.db.why = (error as Error).message;
      if (this.stopped) return;
      logger.warn(
        { err: { message: this.db.why }, retryInMs },
        'archive database cannot be opened; live readings go on, the archive catches up when it opens',
      );
      this.timer = setTimeout(() => void this.attempt(), retryInMs);
      this.timer.unref();
      return;
    }
    if (this.stopped) return void (await opened.close());
    this.db.inner = opened;
    void this.started(opened).catch((error: Error) => {
      logger.warn(
        { err: { message: error.message } },
        'archive catch-up at start failed; retried on recovery',
      );
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
