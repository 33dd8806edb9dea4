import { Counter, Gauge, type Registry } from 'prom-client';
import type { ArchiveWriter } from './archive-writer';

/**
 * The archive's Prometheus metrics, read from the writer at each scrape (no bookkeeping on the
 * write path). Counters are the writer's monotonic totals, reported as they stand.
 */
export function registerArchiveMetrics(registry: Registry, writer: ArchiveWriter): void {
  const { stats } = writer;
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  new Gauge({
    name: 'plantar_archive_lag_seconds',
    help: 'How long ago the oldest closed minute not yet archived ended (0 when the archive is current)',
    registers: [registry],
    collect() {
      this.set(writer.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'plantar_archive_pending_minutes',
    help: 'Closed patient-minutes waiting to be written (grows while the database is unreachable)',
    registers: [registry],
    collect() {
      this.set(writer.pendingMinutes);
    },
  });
  new Gauge({
    name: 'plantar_archive_healthy',
    help: '1 while archive writes succeed and keep up, else 0',
    registers: [registry],
    collect() {
      this.set(writer.healthy ? 1 : 0);
    },
  });
  counter(
    'plantar_archive_minutes_written_total',
    'Patient-minutes written to the archive',
    () => stats.minutesWritten,
  );
  counter(
    'plantar_archive_readings_written_total',
    'Readings written to the archive',
    () => stats.readingsWritten,
  );
  counter(
    'plantar_archive_minutes_merged_total',
    'Archived minutes completed by a later write (restart, catch-up, late readings)',
    () => stats.minutesMerged,
  );
  counter('plantar_archive_write_errors_total', 'Failed archive writes', () => stats.writeErrors);
  counter(
    'plantar_archive_minutes_dropped_total',
    'Patient-minutes dropped from a full outage buffer (a gap unless the reading store still held them)',
    () => stats.minutesDropped,
  );
  counter(
    'plantar_archive_readings_dropped_total',
    'Readings in dropped minutes',
    () => stats.readingsDropped,
  );
  new Counter({
    name: 'plantar_archive_readings_rejected_total',
    help: 'Readings not archived, by reason (late, sensorCount, full, expired)',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(stats.readingsRejected)) this.inc({ reason }, n);
    },
  });
  counter(
    'plantar_archive_catchup_minutes_total',
    'Minutes written by catch-ups from the reading store',
    () => stats.catchUpMinutes,
  );
  counter(
    'plantar_archive_write_seconds_total',
    'Time spent writing to the archive',
    () => stats.writeSeconds,
  );
  counter('plantar_archive_writes_total', 'Archive write batches', () => stats.writes);
}
