import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { RecordingRows } from './recording-rows';

/**
 * A CSV recording, read as a stream (csv-parse) into typed arrays: the export format of the
 * history issue (`time,epoch_ms,L0..R2,L0_flag..R2_flag,anomaly`) or a minimal one
 * (`time,L0,L1,L2,R0,R1,R2[,anomaly]`, time as ISO 8601 or seconds from the start). BOM, CRLF and
 * quoted fields are the library's. Bad rows are reported with line and column and left out; the
 * report comes before anything is replayed.
 */

export const SENSOR_COLUMNS = ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'] as const;
/** Errors kept in a report (the count goes on). */
const MAX_REPORTED = 20;

export interface RecordingError {
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  /** 1-based column, 0 for the row as a whole. */
  readonly column: number;
  readonly message: string;
}

export interface Recording {
  readonly format: 'export' | 'minimal';
  /** Valid rows. */
  readonly rows: number;
  /** The rows, spooled to disk: `discard()` them when the recording is not wanted any more. */
  readonly spool: RecordingRows;
  readonly durationMs: number;
  /** Rows per second of recording time. */
  readonly samplesPerSecond: number;
  readonly errorCount: number;
  readonly errors: readonly RecordingError[];
}

/** The file cannot be a recording (no usable header): nothing to report row by row. */
export class RecordingFormatError extends Error {
  override readonly name = 'RecordingFormatError';
}

interface Layout {
  format: 'export' | 'minimal';
  time: number;
  epochMs: number;
  sensors: number[];
  flags: number[];
  anomaly: number;
}

function layoutOf(header: readonly string[]): Layout {
  const index = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const sensors = SENSOR_COLUMNS.map(index);
  const time = index('time');
  const missing = [...(time < 0 ? ['time'] : []), ...SENSOR_COLUMNS.filter((_, k) => sensors[k]! < 0)];
  if (missing.length > 0) {
    throw new RecordingFormatError(
      `the header lacks ${missing.join(', ')}: expected time,L0,L1,L2,R0,R1,R2[,anomaly] or Plantar's export (time,epoch_ms,L0…R2,L0_flag…R2_flag,anomaly), got "${header.join(',').slice(0, 120)}"`,
    );
  }
  const flags = SENSOR_COLUMNS.map((s) => index(`${s}_flag`));
  const epochMs = index('epoch_ms');
  return {
    format: epochMs >= 0 && flags.every((f) => f >= 0) ? 'export' : 'minimal',
    time,
    epochMs,
    sensors,
    flags,
    anomaly: index('anomaly'),
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

class RowError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

function flagOf(text: string | undefined, column: number, name: string): boolean {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '' || t === '0' || t === 'false') return false;
  if (t === '1' || t === 'true') return true;
  throw new RowError(column, `${name}: expected 0/1 or true/false, got "${text}"`);
}

function rowOf(
  record: readonly string[],
  layout: Layout,
  timeKind: { relative?: boolean },
): { time: number; values: number[]; flags: number } {
  let time: number;
  const epochText = layout.epochMs >= 0 ? record[layout.epochMs]?.trim() : undefined;
  const timeText = (record[layout.time] ?? '').trim();
  if (epochText !== undefined && /^\d{10,15}$/.test(epochText)) time = Number(epochText);
  else if (ISO.test(timeText)) time = Date.parse(timeText.replace(' ', 'T'));
  else if (/^\d+(\.\d+)?$/.test(timeText)) time = Number(timeText) * 1000;
  else
    throw new RowError(
      layout.time + 1,
      `time: expected ISO 8601 with a zone or seconds from the start, got "${timeText}"`,
    );
  const relative = !ISO.test(timeText) && (epochText === undefined || !/^\d{10,15}$/.test(epochText));
  timeKind.relative ??= relative;
  if (timeKind.relative !== relative) {
    throw new RowError(layout.time + 1, 'time: mixes ISO times and seconds from the start');
  }
  const values = layout.sensors.map((c, k) => {
    const text = (record[c] ?? '').trim();
    const value = Number(text);
    if (!/^\d{1,4}$/.test(text) || value > 1023) {
      throw new RowError(
        c + 1,
        `${SENSOR_COLUMNS[k]}: expected an integer 0..1023, got "${record[c] ?? ''}"`,
      );
    }
    return value;
  });
  let flags = 0;
  if (layout.format === 'export') {
    layout.flags.forEach((c, k) => {
      if (flagOf(record[c], c + 1, `${SENSOR_COLUMNS[k]}_flag`)) flags |= 1 << k;
    });
  } else if (layout.anomaly >= 0 && flagOf(record[layout.anomaly], layout.anomaly + 1, 'anomaly'))
    flags = 0b111111;
  return { time, values, flags };
}

export interface ReadOptions {
  /** Rows kept at most (the rest are reported as an error). @default 5,000,000 */
  maxRows?: number;
  /** Where the rows are spooled. @default the OS temporary directory */
  spoolDir?: string;
}

/**
 * Reads a CSV recording from a stream, its rows spooled to disk as they come (memory stays flat
 * whatever the size). Rejects with RecordingFormatError when it has no usable header; on any
 * rejection the spool is discarded.
 */
export async function readRecording(input: Readable, options: ReadOptions = {}): Promise<Recording> {
  const maxRows = options.maxRows ?? 5_000_000;
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
  );
  let layout: Layout | undefined;
  const spool = await RecordingRows.create(options.spoolDir);
  const errors: RecordingError[] = [];
  let errorCount = 0;
  const timeKind: { relative?: boolean } = {};
  let last = -Infinity;
  const report = (line: number, column: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_REPORTED) errors.push({ line, column, message });
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (layout === undefined) {
        layout = layoutOf(record);
        continue;
      }
      if (spool.length >= maxRows) {
        report(info.lines, 0, `more than ${maxRows} rows: the rest are left out`);
        break;
      }
      try {
        const row = rowOf(record, layout, timeKind);
        if (row.time < last)
          throw new RowError(
            layout.time + 1,
            'time: earlier than the row before (rows must be in time order)',
          );
        last = row.time;
        if (spool.push(row.time, row.values, row.flags)) await spool.flush();
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        report(info.lines, error.column, error.message);
      }
    }
    if (layout === undefined) throw new RecordingFormatError('the file is empty: expected a header and rows');
    await spool.finish();
  } catch (error) {
    await spool.discard();
    throw error;
  }
  const n = spool.length;
  const durationMs = n < 2 ? 0 : spool.lastTime - spool.firstTime;
  return {
    format: layout.format,
    rows: n,
    spool,
    durationMs,
    samplesPerSecond: durationMs > 0 ? ((n - 1) * 1000) / durationMs : 0,
    errorCount,
    errors,
  };
}
