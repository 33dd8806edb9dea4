import type { Logger } from '../observability/logger';
import { summarizeMissingHours } from './archive-tables';
import { sqlState, type Queryable } from './database';

export const DAY_MS = 86_400_000;

export type ArchiveTable = 'archive_minutes' | 'archive_rollups' | 'archive_hours' | 'archive_gait_minutes';

export const ARCHIVE_TABLES: readonly ArchiveTable[] = [
  'archive_minutes',
  'archive_rollups',
  'archive_hours',
  'archive_gait_minutes',
];

/**
 * Raw minutes are partitioned by UTC day (a year is 365 partitions; retention drops one a day),
 * rollups by UTC month (ten years are 120 partitions instead of 3,650, which keeps planning cheap).
 */
const GRANULARITY: Record<ArchiveTable, 'day' | 'month'> = {
  archive_minutes: 'day',
  archive_rollups: 'month',
  archive_hours: 'month',
  archive_gait_minutes: 'month',
};

export function dayStart(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonth(start: number): number {
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The partition of `table` holding instant `t`: its name and [start, end) in epoch ms. */
export function partitionOf(table: ArchiveTable, t: number): { name: string; start: number; end: number } {
  const day = GRANULARITY[table] === 'day';
  const start = day ? dayStart(t) : monthStart(t);
  const end = day ? start + DAY_MS : nextMonth(start);
  const stamp = new Date(start)
    .toISOString()
    .slice(0, day ? 10 : 7)
    .replace(/-/g, '');
  return { name: `${table}_p${stamp}`, start, end };
}

/** The start of a partition from its name, or undefined for a table that is not one of ours. */
function startOfName(table: ArchiveTable, name: string): number | undefined {
  const match = new RegExp(`^${table}_p(\\d{4})(\\d{2})(\\d{2})?$`).exec(name);
  if (match === null) return undefined;
  const [, y, m, d] = match;
  if ((d === undefined) !== (GRANULARITY[table] === 'month')) return undefined;
  return Date.UTC(Number(y), Number(m) - 1, d === undefined ? 1 : Number(d));
}

/** Creates the partition of `table` holding `t` unless it exists (another instance may race us). */
export async function createPartition(q: Queryable, table: ArchiveTable, t: number): Promise<string> {
  const { name, start, end } = partitionOf(table, t);
  // A minute row (~2 KB) would be moved to TOAST by default (over ~2 KB): its bytes are deflated
  // already, so that only costs a second lookup per row; keep rows inline up to a page.
  const storage = table === 'archive_minutes' ? ' WITH (toast_tuple_target = 8160)' : '';
  try {
    await q.query(
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} ` +
        `FOR VALUES FROM ('${new Date(start).toISOString()}') TO ('${new Date(end).toISOString()}')${storage}`,
    );
  } catch (error) {
    // Two creators at once: the loser gets a duplicate (table or catalog row); the table is there.
    const state = sqlState(error);
    if (state !== '42P07' && state !== '23505') throw error;
  }
  return name;
}

export async function listPartitions(
  q: Queryable,
  table: ArchiveTable,
): Promise<{ name: string; start: number }[]> {
  const rows = await q.query(
    `SELECT c.relname::text AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = $1 AND p.relnamespace = current_schema()::regnamespace`,
    [table],
  );
  const partitions: { name: string; start: number }[] = [];
  for (const row of rows) {
    const name = row['name'];
    if (typeof name !== 'string') continue;
    const start = startOfName(table, name);
    if (start !== undefined) partitions.push({ name, start });
  }
  return partitions.sort((a, b) => a.start - b.start);
}

export interface RetentionSettings {
  /** Days of raw minutes kept besides today (ARCHIVE_RETENTION_DAYS). @default 365 */
  archiveRetentionDays: number;
  /** Days of rollups kept (ROLLUP_RETENTION_DAYS); whole months are dropped. @default 3650 */
  rollupRetentionDays: number;
  /** Days of partitions created ahead of today, so a write never waits for DDL at midnight. @default 3 */
  aheadDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  archiveRetentionDays: 365,
  rollupRetentionDays: 3650,
  aheadDays: 3,
};

/** The oldest instant still kept of `table` at `now`: data before it is dropped by retention. */
export function retainedFrom(table: ArchiveTable, now: number, settings: RetentionSettings): number {
  return table === 'archive_minutes'
    ? dayStart(now) - settings.archiveRetentionDays * DAY_MS
    : dayStart(now) - settings.rollupRetentionDays * DAY_MS; // rollups and hours alike
}

/**
 * Creates the partitions of today and `aheadDays` ahead (both tables) and drops those wholly older
 * than what retention keeps. Idempotent; resolves with the names created and dropped.
 */
export async function maintainPartitions(
  q: Queryable,
  now: number,
  settings: RetentionSettings,
): Promise<{ created: string[]; dropped: string[] }> {
  const created: string[] = [];
  const dropped: string[] = [];
  for (const table of ARCHIVE_TABLES) {
    const existing = new Set((await listPartitions(q, table)).map((p) => p.name));
    for (let day = 0; day <= settings.aheadDays; day++) {
      const t = dayStart(now) + day * DAY_MS;
      const { name } = partitionOf(table, t);
      if (existing.has(name)) continue;
      await createPartition(q, table, t);
      existing.add(name);
      created.push(name);
    }
    const keepFrom = retainedFrom(table, now, settings);
    for (const p of await listPartitions(q, table)) {
      if (partitionOf(table, p.start).end > keepFrom) continue;
      await q.query(`DROP TABLE IF EXISTS ${p.name}`);
      dropped.push(p.name);
    }
  }
  return { created, dropped };
}

/**
 * Which partitions are known to exist, so that a write for a day without one (a catch-up across
 * midnight, a clock far off) creates it first, and the common case costs no query.
 */
export class PartitionCache {
  private readonly known = new Set<string>();

  async ensure(q: Queryable, minutes: Iterable<number>): Promise<void> {
    for (const minute of minutes) {
      for (const table of ARCHIVE_TABLES) {
        const { name } = partitionOf(table, minute);
        if (this.known.has(name)) continue;
        await createPartition(q, table, minute);
        this.known.add(name);
      }
    }
  }
}

export interface MaintenanceOptions extends Partial<RetentionSettings> {
  db: Queryable;
  logger: Logger;
  /** Time between passes. @default 3600000 (an hour) */
  intervalMs?: number;
  /** Told after each pass, e.g. to forget cached partitions. */
  onPass?: (result: { created: string[]; dropped: string[]; summarizedHours: number }) => void;
  /**
   * Hours back the first pass looks for ended hours without an hour row (a writer that stopped
   * before the hour ended); later passes look `intervalMs` plus an hour back. @default 48
   */
  sweepHours?: number;
}

/** Runs `maintainPartitions` now and every `intervalMs`; a failed pass is logged and retried next time. */
export class ArchiveMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private passes = 0;
  readonly settings: RetentionSettings;

  constructor(private readonly options: MaintenanceOptions) {
    this.settings = {
      archiveRetentionDays: options.archiveRetentionDays ?? DEFAULT_RETENTION.archiveRetentionDays,
      rollupRetentionDays: options.rollupRetentionDays ?? DEFAULT_RETENTION.rollupRetentionDays,
      aheadDays: options.aheadDays ?? DEFAULT_RETENTION.aheadDays,
    };
  }

  /** Runs a first pass (resolves when it is done) and schedules the next ones. */
  async start(): Promise<void> {
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
    await this.runOnce();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  runOnce(now = Date.now()): Promise<void> {
    const intervalMs = this.options.intervalMs ?? 3_600_000;
    const sweepMs =
      this.passes++ === 0 ? (this.options.sweepHours ?? 48) * 3_600_000 : intervalMs + 3_600_000;
    this.running ??= maintainPartitions(this.options.db, now, this.settings)
      .then(async (partitions) => {
        const summarizedHours = await summarizeMissingHours(this.options.db, now - sweepMs, now);
        const result = { ...partitions, summarizedHours };
        if (result.created.length > 0 || result.dropped.length > 0 || summarizedHours > 0) {
          this.options.logger.info(result, 'archive maintained');
        }
        this.options.onPass?.(result);
      })
      .catch((error: Error) => {
        this.options.logger.warn({ err: { message: error.message } }, 'archive partition maintenance failed');
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
