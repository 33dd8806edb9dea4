import { randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Rows a chunk holds: 1.3 MiB a chunk, the only part of a recording in memory while it is read. */
export const CHUNK_ROWS = 65_536;
const SHIFT = 16; // log2(CHUNK_ROWS)
const MASK = CHUNK_ROWS - 1;
/** A row: its time (float64), six values (uint16), its flags (uint8). */
const ROW_BYTES = 8 + 6 * 2 + 1;
const CHUNK_BYTES = CHUNK_ROWS * ROW_BYTES;

/** Up to CHUNK_ROWS consecutive rows as typed views over one buffer. */
export interface RowChunk {
  /** Index of the chunk: its rows are `index * CHUNK_ROWS + i`. */
  readonly index: number;
  readonly length: number;
  /** Recording time of each row, ms: epoch for absolute times, from 0 for seconds-from-start. */
  readonly times: Float64Array;
  /** Six values a row. */
  readonly values: Uint16Array;
  /** Per row, bit k = sensor k flagged (the export's flags; `anomaly` alone flags all six). */
  readonly flags: Uint8Array;
}

function chunkOver(buffer: ArrayBuffer, index: number, length: number): RowChunk {
  return {
    index,
    length,
    times: new Float64Array(buffer, 0, length),
    values: new Uint16Array(buffer, CHUNK_ROWS * 8, length * 6),
    flags: new Uint8Array(buffer, CHUNK_ROWS * 20, length),
  };
}

/** The chunk row `row` is in, and its place in it. */
export const chunkOf = (row: number): number => row >>> SHIFT;
export const placeIn = (row: number): number => row & MASK;

/**
 * A recording's rows, spooled to a file as they are read: a 100 MiB upload is ~3.5 million rows,
 * 74 MB as typed rows, and the server holds none of it but the chunk being filled (or, while it
 * replays, the chunk being sent and the next). Memory per upload is flat; the disk holds 21 bytes
 * a row. The file is unlinked as soon as it is open, so nothing is left behind by a crash: it
 * lives as long as its handle, which `discard()` closes.
 */
export class RecordingRows {
  private filling: ArrayBuffer | undefined = new ArrayBuffer(CHUNK_BYTES);
  private fillingView = chunkOver(this.filling!, 0, CHUNK_ROWS);
  private n = 0;
  private first = NaN;
  private last = NaN;
  private closed = false;
  /** The last chunk, kept in memory when it is also the first (short recordings touch no disk). */
  private tail: RowChunk | undefined;

  private constructor(private readonly file: FileHandle) {}

  /** A new, empty spool in `dir` (@default the OS temporary directory). */
  static async create(dir = tmpdir()): Promise<RecordingRows> {
    const path = join(dir, `plantar-recording-${randomUUID()}.rows`);
    const file = await open(path, 'w+', 0o600);
    await unlink(path);
    return new RecordingRows(file);
  }

  get length(): number {
    return this.n;
  }

  /** Time of the first and the last row (NaN while empty). */
  get firstTime(): number {
    return this.first;
  }

  get lastTime(): number {
    return this.last;
  }

  /** Appends a row; true when the chunk filled and `flush()` must be awaited before the next push. */
  push(time: number, values: readonly number[], flags: number): boolean {
    const at = placeIn(this.n);
    const view = this.fillingView;
    view.times[at] = time;
    view.values.set(values, at * 6);
    view.flags[at] = flags;
    if (this.n === 0) this.first = time;
    this.last = time;
    this.n++;
    return placeIn(this.n) === 0;
  }

  /** Writes the chunk being filled (full, or the last one at `finish`). */
  async flush(): Promise<void> {
    const filled = placeIn(this.n) === 0 ? CHUNK_ROWS : placeIn(this.n);
    if (this.n === 0 || this.filling === undefined) return;
    const index = chunkOf(this.n - 1);
    await this.file.write(new Uint8Array(this.filling), 0, CHUNK_BYTES, index * CHUNK_BYTES);
    if (filled < CHUNK_ROWS) return;
    // A new buffer: chunks handed out by `chunk()` never see it change under them.
    this.filling = new ArrayBuffer(CHUNK_BYTES);
    this.fillingView = chunkOver(this.filling, 0, CHUNK_ROWS);
  }

  /** Ends the writing: the last partial chunk goes to disk (and stays in memory if it is the only one). */
  async finish(): Promise<void> {
    if (placeIn(this.n) !== 0) {
      await this.flush();
      if (this.n <= CHUNK_ROWS) this.tail = chunkOver(this.filling!, 0, this.n);
    }
    this.filling = undefined;
  }

  /** Reads chunk `index` back (a fresh buffer each time). */
  async chunk(index: number): Promise<RowChunk> {
    if (this.closed) throw new Error('the recording was discarded');
    const rows = Math.min(CHUNK_ROWS, this.n - index * CHUNK_ROWS);
    if (index < 0 || rows <= 0) throw new RangeError(`no chunk ${index} in ${this.n} rows`);
    if (this.tail !== undefined && index === 0) return this.tail;
    const buffer = new ArrayBuffer(CHUNK_BYTES);
    const { bytesRead } = await this.file.read(new Uint8Array(buffer), 0, CHUNK_BYTES, index * CHUNK_BYTES);
    if (bytesRead < CHUNK_ROWS * 20 + rows) {
      throw new Error(`recording spool: chunk ${index} is short (${bytesRead} bytes)`);
    }
    return chunkOver(buffer, index, rows);
  }

  /** Frees the spool (idempotent). */
  async discard(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.tail = undefined;
    this.filling = undefined;
    await this.file.close();
  }
}
