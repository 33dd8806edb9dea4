/**
 * The archive's schema history, oldest first: one schema for PostgreSQL and PGlite. A migration
 * that has run is never edited; a change is a new entry (node-pg-migrate checks the order).
 */
export interface Migration {
  /** `<epoch ms>_<kebab-case>`: node-pg-migrate orders by the number. */
  readonly name: string;
  readonly up: string;
  readonly down: string;
}

/** Where node-pg-migrate records what ran (in the archive's schema). */
export const MIGRATIONS_TABLE = 'plantar_migrations';

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '1764720000000_archive-tables',
    up: `
-- One row per patient and minute: that minute's readings, encoded by minute-codec.ts (times,
-- values and anomaly flags column-wise as deltas, deflated: ~5-8 bytes a 6-sensor reading).
-- Partitioned by UTC day (partitions.ts creates them ahead and drops them past
-- ARCHIVE_RETENTION_DAYS): retention is a DROP TABLE, never a DELETE scan.
-- The primary key is the only index: every query asks for one patient over a time range, which is
-- exactly its order; it is also what ON CONFLICT needs. One b-tree entry per 300 readings costs
-- ~0.1 byte a reading; a BRIN on minute would serve no query we make (none spans all patients)
-- and cannot back ON CONFLICT.
CREATE TABLE archive_minutes (
  patient_id integer NOT NULL,
  minute timestamptz NOT NULL,
  samples smallint NOT NULL CHECK (samples > 0),
  data bytea NOT NULL,
  PRIMARY KEY (patient_id, minute)
) PARTITION BY RANGE (minute);
COMMENT ON TABLE archive_minutes IS 'Plantar archive: one row per patient and minute, readings encoded by minute-codec.ts';

-- Per patient and minute, per sensor: min, max, last value, loaded samples (value >= the loaded
-- threshold) and flagged samples, five smallints a sensor in sensor order in stats; the value sums
-- (exact means) in sums. Kept longer than the raw minutes (ROLLUP_RETENTION_DAYS), partitioned by
-- UTC month. Two arrays rather than six keep a row near 180 bytes: ten years of 1,000 patients.
CREATE TABLE archive_rollups (
  patient_id integer NOT NULL,
  minute timestamptz NOT NULL,
  samples smallint NOT NULL CHECK (samples > 0),
  anomalies smallint NOT NULL,
  stats smallint[] NOT NULL,
  sums integer[] NOT NULL,
  PRIMARY KEY (patient_id, minute)
) PARTITION BY RANGE (minute);
COMMENT ON TABLE archive_rollups IS 'Plantar archive: per patient and minute, per sensor (min, max, last, loaded, flagged) and value sums';
`,
    down: `
DROP TABLE archive_rollups;
DROP TABLE archive_minutes;
`,
  },
  {
    name: '1764720000001_archive-hours',
    up: `
-- Per patient and past UTC hour: the hour's minute rollups summed (same layout as archive_rollups,
-- wider types: an hour's counts and sums outgrow smallint and integer). Written when minutes of a
-- past hour are written (in the same transaction: never stale), and by a sweep for hours whose
-- patient stopped mid-hour. A month of one patient is 720 of these instead of 43,200 minutes: what
-- history and stats read for whole hours. An hour without a row is read from the minutes.
CREATE TABLE archive_hours (
  patient_id integer NOT NULL,
  hour timestamptz NOT NULL,
  samples integer NOT NULL CHECK (samples > 0),
  anomalies integer NOT NULL,
  stats integer[] NOT NULL,
  sums bigint[] NOT NULL,
  PRIMARY KEY (patient_id, hour)
) PARTITION BY RANGE (hour);
COMMENT ON TABLE archive_hours IS 'Plantar archive: per patient and past hour, archive_rollups summed';
`,
    down: `
DROP TABLE archive_hours;
`,
  },
  {
    name: '1764720000002_gait-minutes',
    up: `
-- Per patient and minute (receive time): the gait figures of its owner's analysis (gait/). What
-- gaitHistory sums into days and topPatients ranks by. A minute written twice (a handover replays
-- the window into a new tracker) keeps the version that covers more of the minute. Partitioned by
-- UTC month and kept as long as the rollups. float8 for the figures: both drivers parse it alike.
CREATE TABLE archive_gait_minutes (
  patient_id integer NOT NULL,
  minute timestamptz NOT NULL,
  steps integer NOT NULL,
  walking_s float8 NOT NULL,
  standing_s float8 NOT NULL,
  no_load_s float8 NOT NULL,
  bouts integer NOT NULL,
  cadence float8,
  stance_si float8,
  load_si float8,
  stride_ratio float8,
  PRIMARY KEY (patient_id, minute)
) PARTITION BY RANGE (minute);
COMMENT ON TABLE archive_gait_minutes IS 'Plantar archive: per patient and minute, gait figures (steps, walking time, cadence, symmetry)';
`,
    down: `
DROP TABLE archive_gait_minutes;
`,
  },
];
