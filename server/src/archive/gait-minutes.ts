import type { GaitMinute } from '../gait/gait-summary';
import type { Logger } from '../observability/logger';
import { numberColumn, optionalNumberColumn, type Database, type Queryable, type SqlValue } from './database';
import { PartitionCache } from './partitions';

/**
 * Gait minutes in the archive (`archive_gait_minutes`): written by the patient's owner as its
 * analysis finishes each minute, summed into days for gaitHistory and ranked by topPatients.
 */

const ts = (param: number) => `to_timestamp($${param}::float8 / 1000)`;

/** Parameters a row: 11, so 500 rows stay far below PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

/** Seconds of the minute the analysis covered: what decides between two versions of a minute. */
const covered = (m: GaitMinute) => m.walkingSeconds + m.standingSeconds + m.noLoadSeconds;

/**
 * Writes gait minutes. A minute already stored is replaced only by a version that covers at least
 * as much of it: after a handover the new owner replays the window and re-emits the oldest minutes
 * from a partial start, which must not overwrite the old owner's whole ones.
 */
export async function writeGaitMinutes(db: Queryable, minutes: readonly GaitMinute[]): Promise<void> {
  for (let i = 0; i < minutes.length; i += ROWS_PER_STATEMENT) {
    const chunk = minutes.slice(i, i + ROWS_PER_STATEMENT);
    const params: SqlValue[] = [];
    const rows = chunk.map((m) => {
      const base = params.length;
      params.push(
        m.patientId,
        m.minute,
        m.steps,
        m.walkingSeconds,
        m.standingSeconds,
        m.noLoadSeconds,
        m.boutsStarted,
        m.cadence,
        m.stanceSI,
        m.loadSI,
        m.strideRatio,
      );
      const p = (k: number) => `$${base + k}`;
      return `(${p(1)}::int, ${ts(base + 2)}, ${p(3)}::int, ${p(4)}::float8, ${p(5)}::float8, ${p(6)}::float8, ${p(7)}::int, ${p(8)}::float8, ${p(9)}::float8, ${p(10)}::float8, ${p(11)}::float8)`;
    });
    await db.query(
      `INSERT INTO archive_gait_minutes AS g
         (patient_id, minute, steps, walking_s, standing_s, no_load_s, bouts, cadence, stance_si, load_si, stride_ratio)
       VALUES ${rows.join(', ')}
       ON CONFLICT (patient_id, minute) DO UPDATE SET
         steps = excluded.steps, walking_s = excluded.walking_s, standing_s = excluded.standing_s,
         no_load_s = excluded.no_load_s, bouts = excluded.bouts, cadence = excluded.cadence,
         stance_si = excluded.stance_si, load_si = excluded.load_si, stride_ratio = excluded.stride_ratio
       WHERE excluded.walking_s + excluded.standing_s + excluded.no_load_s
             >= g.walking_s + g.standing_s + g.no_load_s`,
      params,
    );
  }
}

/** One day of a patient's gait, in the time zone asked for. */
export interface GaitDay {
  /** The calendar day, YYYY-MM-DD, in the asked time zone. */
  readonly day: string;
  readonly walkingMinutes: number;
  readonly standingMinutes: number;
  readonly noLoadMinutes: number;
  readonly steps: number;
  /** Walking bouts started that day. */
  readonly bouts: number;
  /** Median over the day's minutes with enough walking to have one. */
  readonly cadence: number | null;
  readonly stanceSI: number | null;
  readonly loadSI: number | null;
  readonly strideRatio: number | null;
  /** Minutes of the day with gait figures (a day with few is a day with little data, not little walking). */
  readonly minutesCovered: number;
}

/** Minutes with less walking than this give no median cadence or symmetry: a few strides say nothing. */
export const MIN_WALKING_S_FOR_FIGURES = 20;

/**
 * A patient's gait minutes in [from, to) summed per calendar day of `timeZone` (an IANA name,
 * checked by the caller), oldest first; days without a minute are absent.
 */
export async function gaitDays(
  db: Queryable,
  patientId: number,
  from: number,
  to: number,
  timeZone: string,
): Promise<GaitDay[]> {
  const median = (column: string) =>
    `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) FILTER (WHERE walking_s >= ${MIN_WALKING_S_FOR_FIGURES} AND ${column} IS NOT NULL)`;
  const rows = await db.query(
    `SELECT to_char((minute AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS day,
            sum(walking_s)::float8 / 60 AS walking_min, sum(standing_s)::float8 / 60 AS standing_min,
            sum(no_load_s)::float8 / 60 AS no_load_min, sum(steps)::float8 AS steps, sum(bouts)::float8 AS bouts,
            ${median('cadence')} AS cadence, ${median('stance_si')} AS stance_si,
            ${median('load_si')} AS load_si, ${median('stride_ratio')} AS stride_ratio,
            count(*)::float8 AS covered
       FROM archive_gait_minutes
      WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute < ${ts(3)}
      GROUP BY 1 ORDER BY 1`,
    [patientId, from, to, timeZone],
  );
  return rows.map((row) => {
    const day = row['day'];
    if (typeof day !== 'string') throw new TypeError(`column day: expected text, got ${typeof day}`);
    return {
      day,
      walkingMinutes: numberColumn(row, 'walking_min'),
      standingMinutes: numberColumn(row, 'standing_min'),
      noLoadMinutes: numberColumn(row, 'no_load_min'),
      steps: numberColumn(row, 'steps'),
      bouts: numberColumn(row, 'bouts'),
      cadence: optionalNumberColumn(row, 'cadence') ?? null,
      stanceSI: optionalNumberColumn(row, 'stance_si') ?? null,
      loadSI: optionalNumberColumn(row, 'load_si') ?? null,
      strideRatio: optionalNumberColumn(row, 'stride_ratio') ?? null,
      minutesCovered: numberColumn(row, 'covered'),
    };
  });
}

/** A patient's gait over [from, to) as one summary: the range's minutes summed, medians of their figures. */
export type GaitRange = Omit<GaitDay, 'day'>;

export async function gaitRange(
  db: Queryable,
  patientId: number,
  from: number,
  to: number,
): Promise<GaitRange> {
  const median = (column: string) =>
    `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) FILTER (WHERE walking_s >= ${MIN_WALKING_S_FOR_FIGURES} AND ${column} IS NOT NULL)`;
  const [row] = await db.query(
    `SELECT coalesce(sum(walking_s), 0)::float8 / 60 AS walking_min, coalesce(sum(standing_s), 0)::float8 / 60 AS standing_min,
            coalesce(sum(no_load_s), 0)::float8 / 60 AS no_load_min, coalesce(sum(steps), 0)::float8 AS steps,
            coalesce(sum(bouts), 0)::float8 AS bouts,
            ${median('cadence')} AS cadence, ${median('stance_si')} AS stance_si,
            ${median('load_si')} AS load_si, ${median('stride_ratio')} AS stride_ratio,
            count(*)::float8 AS covered
       FROM archive_gait_minutes
      WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute < ${ts(3)}`,
    [patientId, from, to],
  );
  const r = row ?? {};
  return {
    walkingMinutes: numberColumn(r, 'walking_min'),
    standingMinutes: numberColumn(r, 'standing_min'),
    noLoadMinutes: numberColumn(r, 'no_load_min'),
    steps: numberColumn(r, 'steps'),
    bouts: numberColumn(r, 'bouts'),
    cadence: optionalNumberColumn(r, 'cadence') ?? null,
    stanceSI: optionalNumberColumn(r, 'stance_si') ?? null,
    loadSI: optionalNumberColumn(r, 'load_si') ?? null,
    strideRatio: optionalNumberColumn(r, 'stride_ratio') ?? null,
    minutesCovered: numberColumn(r, 'covered'),
  };
}

/** Per patient over [from, to): walking minutes and the median stance asymmetry |SI| (rankings). */
export interface GaitTotals {
  readonly patientId: number;
  readonly walkingMinutes: number;
  /** Median |stance SI| over minutes with enough walking, percent; null without such minutes. */
  readonly asymmetry: number | null;
}

export async function gaitTotals(db: Queryable, from: number, to: number): Promise<GaitTotals[]> {
  const rows = await db.query(
    `SELECT patient_id, sum(walking_s)::float8 / 60 AS walking_min,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(stance_si))
              FILTER (WHERE walking_s >= ${MIN_WALKING_S_FOR_FIGURES} AND stance_si IS NOT NULL) AS asymmetry
       FROM archive_gait_minutes
      WHERE minute >= ${ts(1)} AND minute < ${ts(2)}
      GROUP BY patient_id`,
    [from, to],
  );
  return rows.map((row) => ({
    patientId: numberColumn(row, 'patient_id'),
    walkingMinutes: numberColumn(row, 'walking_min'),
    asymmetry: optionalNumberColumn(row, 'asymmetry') ?? null,
  }));
}

export interface GaitMinuteWriterOptions {
  db: Database;
  logger: Logger;
  /** Time between writes. @default 5000 */
  flushMs?: number;
  /** Minutes held while the database is away; the oldest go beyond (and are counted). @default 200000 */
  maxBuffered?: number;
}

/**
 * Holds gait minutes and writes them every few seconds; while the database is away they wait (at
 * most `maxBuffered`, ~3 hours of 1,000 patients) and go out when it answers. A minute given twice
 * before a write keeps the version covering more of it.
 */
export class GaitMinuteWriter {
  private buffer = new Map<string, GaitMinute>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failing = false;
  private readonly partitions = new PartitionCache();
  /** Minutes dropped because the buffer was full. */
  dropped = 0;
  /** Minutes written. */
  written = 0;
  private readonly o: Required<GaitMinuteWriterOptions>;

  constructor(options: GaitMinuteWriterOptions) {
    this.o = { flushMs: 5000, maxBuffered: 200_000, ...options };
  }

  add(minutes: readonly GaitMinute[]): void {
    for (const m of minutes) {
      const key = `${m.patientId}:${m.minute}`;
      const held = this.buffer.get(key);
      if (held !== undefined && covered(held) > covered(m)) continue;
      this.buffer.delete(key); // re-inserted last: the Map stays oldest-first for dropping
      this.buffer.set(key, m);
    }
    while (this.buffer.size > this.o.maxBuffered) {
      const oldest = this.buffer.keys().next().value;
      if (oldest === undefined) break;
      this.buffer.delete(oldest);
      this.dropped++;
    }
  }

  get buffered(): number {
    return this.buffer.size;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.o.flushMs);
    this.timer.unref();
  }

  /** Writes what is held; on failure it stays held for the next attempt. Never rejects. */
  flush(): Promise<void> {
    this.flushing ??= this.writeHeld().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  private async writeHeld(): Promise<void> {
    if (this.buffer.size === 0) return;
    const batch = this.buffer;
    this.buffer = new Map();
    const minutes = [...batch.values()];
    try {
      await this.partitions.ensure(this.o.db, new Set(minutes.map((m) => m.minute)));
      await writeGaitMinutes(this.o.db, minutes);
      this.written += minutes.length;
      if (this.failing) this.o.logger.info({ minutes: minutes.length }, 'gait minutes written again');
      this.failing = false;
    } catch (error) {
      // Back in front of what arrived meanwhile; add() keeps the better version of a repeat.
      const arrived = [...this.buffer.values()];
      this.buffer = batch;
      this.add(arrived);
      if (!this.failing) {
        this.o.logger.warn(
          { err: { message: (error as Error).message }, held: this.buffer.size },
          'gait minutes not written; holding them until the archive answers',
        );
      }
      this.failing = true;
    }
  }
}
