import { Counter, Gauge, type Registry } from 'prom-client';
import type { ArchiveWriter } from './archive-writer';

/**
 * The archive's Prometheus metrics, read from the writer at each scrape (no bookkeeping on the
 * write path). Counters are the writer's monotonic totals, reported as they stand.
 */
export function registerArchiveMetrics(registry: Registry, writer: ArchiveWriter): void {
  registerGauges(registry, writer);
  registerCounters(registry, writer.stats);
}

/** A gauge computed at each scrape. */
function gauge(registry: Registry, name: string, help: string, value: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(value());
    },
  });
}

/** A counter that reports one of the writer's monotonic totals as it stands. */
function counter(registry: Registry, name: string, help: string, value: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(value());
    },
  });
}

function registerGauges(registry: Registry, writer: ArchiveWriter): void {
  gauge(
    registry,
    'plantar_archive_lag_seconds',
    'How long ago the oldest closed minute not yet archived ended (0 when the archive is current)',
    () => writer.lagMs / 1000,
  );
  gauge(
    registry,
    'plantar_archive_pending_minutes',
    'Closed patient-minutes waiting to be written (grows while the database is unreachable)',
    () => writer.pendingMinutes,
  );
  gauge(registry, 'plantar_archive_healthy', '1 while archive writes succeed and keep up, else 0', () =>
    writer.healthy ? 1 : 0,
  );
}

function registerCounters(registry: Registry, stats: ArchiveWriter['stats']): void {
  const totals: [name: string, help: string, value: () => number][] = [
    ['minutes_written', 'Patient-minutes written to the archive', () => stats.minutesWritten],
    ['readings_written', 'Readings written to the archive', () => stats.readingsWritten],
    [
      'minutes_merged',
      'Archived minutes completed by a later write (restart, catch-up, late readings)',
      () => stats.minutesMerged,
    ],
    ['write_errors', 'Failed archive writes', () => stats.writeErrors],
    [
      'minutes_dropped',
      'Patient-minutes dropped from a full outage buffer (a gap unless the reading store still held them)',
      () => stats.minutesDropped,
    ],
    ['readings_dropped', 'Readings in dropped minutes', () => stats.readingsDropped],
    ['catchup_minutes', 'Minutes written by catch-ups from the reading store', () => stats.catchUpMinutes],
    ['write_seconds', 'Time spent writing to the archive', () => stats.writeSeconds],
    ['writes', 'Archive write batches', () => stats.writes],
  ];
  for (const [name, help, value] of totals) counter(registry, `plantar_archive_${name}_total`, help, value);
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
}
