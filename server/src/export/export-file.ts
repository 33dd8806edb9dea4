import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { isFlagged, isAnomalousAt } from '../archive/minute-samples';
import { episodeStatus, type Episode } from '../episodes/episode';
import type { EpisodeCursor } from '../episodes/episode-store';
import { rawMinutes, type HistorySources } from '../history/history-queries';
import { sensorName } from '../readings/reading';
import { isoWithOffset, safeText } from './csv-cell';
import type { ExportRequest } from './export-link';

/** Readings are read an hour at a time: ~18,000 readings of memory however long the range. */
const CHUNK_MS = 3_600_000;
/** Episodes are read a page at a time. */
const EPISODE_PAGE = 500;

type Cell = string | number;

/** `plantar-patient-91-readings-20261202T100000Z-20261202T110000Z.csv`: patient, kind and range. */
export function exportFileName(request: Pick<ExportRequest, 'kind' | 'patientId' | 'from' | 'to'>): string {
  const stamp = (t: number) =>
    new Date(t)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
  return `plantar-patient-${request.patientId}-${request.kind.toLowerCase()}-${stamp(request.from)}-${stamp(request.to)}.csv`;
}

/** The header of a readings export: times, a value column per sensor, a flag column per sensor. */
export function readingColumns(sensorCount: number): string[] {
  const names = Array.from({ length: sensorCount }, (_, id) => sensorName({ id, value: 0, anomaly: false }));
  return ['time', 'epoch_ms', ...names, ...names.map((n) => `${n}_flag`), 'anomaly'];
}

export const EPISODE_COLUMNS = [
  'id',
  'patient_id',
  'kind',
  'severity',
  'status',
  'started_at',
  'started_at_ms',
  'ended_at',
  'ended_at_ms',
  'reading_count',
  'sensors',
  'peak',
  'acknowledged_by',
  'acknowledged_at',
  'notes',
];

/** One row per reading of the range, oldest first, read an hour at a time. */
async function* readingRows(
  sources: HistorySources,
  request: ExportRequest,
  sensorCount: number,
): AsyncGenerator<Cell[]> {
  for (let at = request.from; at <= request.to; at += CHUNK_MS) {
    const minutes = await rawMinutes(sources, request.patientId, at, Math.min(request.to, at + CHUNK_MS - 1));
    for (const m of minutes) {
      for (let i = 0; i < m.count; i++) {
        const t = m.minute + m.offsets[i]!;
        const values: Cell[] = [];
        const flags: Cell[] = [];
        for (let s = 0; s < sensorCount; s++) {
          // A minute with another sensor count (SENSOR_COUNT changed) leaves the missing cells empty.
          values.push(s < m.sensorCount ? m.values[i * m.sensorCount + s]! : '');
          flags.push(s < m.sensorCount ? (isFlagged(m, i, s) ? 1 : 0) : '');
        }
        yield [isoWithOffset(t), t, ...values, ...flags, isAnomalousAt(m, i) ? 1 : 0];
      }
    }
  }
}

function episodeRow(e: Episode): Cell[] {
  const notes = e.notes.map((n) => `${isoWithOffset(n.at)} ${n.by}: ${n.text}`).join(' | ');
  return [
    safeText(e.id),
    e.patientId,
    e.kind,
    e.severity,
    episodeStatus(e),
    isoWithOffset(e.startedAt),
    e.startedAt,
    e.endedAt === null ? '' : isoWithOffset(e.endedAt),
    e.endedAt ?? '',
    e.readingCount,
    safeText(e.sensors.join(' ')),
    e.peak ?? '',
    e.acknowledgement === null ? '' : safeText(e.acknowledgement.by),
    e.acknowledgement === null ? '' : isoWithOffset(e.acknowledgement.at),
    safeText(notes),
  ];
}

/** The episodes that started in the range, newest first, a page at a time. */
async function* episodeRows(sources: HistorySources, request: ExportRequest): AsyncGenerator<Cell[]> {
  let after: EpisodeCursor | undefined;
  for (;;) {
    const page = await sources.episodes.list({
      patientIds: [request.patientId],
      from: request.from,
      to: request.to,
      first: EPISODE_PAGE,
      after,
    });
    for (const e of page.items) yield episodeRow(e);
    const last = page.items.at(-1);
    if (!page.hasNextPage || last === undefined) return;
    after = { startedAt: last.startedAt, id: last.id };
  }
}

/**
 * Writes the export as CSV (RFC 4180: header row, CRLF, fields quoted when they hold a comma, quote
 * or line break; UTF-8 with a BOM so spreadsheets pick the encoding) to `out`, streamed: rows are
 * produced as `out` takes them, so a long range never sits in memory. Resolves when all is written;
 * rejects (and stops reading) when `out` is closed early.
 */
export async function writeExport(
  sources: HistorySources,
  request: ExportRequest,
  sensorCount: number,
  out: Writable,
): Promise<void> {
  const columns = request.kind === 'READINGS' ? readingColumns(sensorCount) : EPISODE_COLUMNS;
  const rows =
    request.kind === 'READINGS' ? readingRows(sources, request, sensorCount) : episodeRows(sources, request);
  await pipeline(
    Readable.from(rows),
    stringify({ header: true, columns, bom: true, record_delimiter: 'windows' }),
    out,
  );
}
