import { Readable, Writable } from 'node:stream';
import { minutesOf } from '../archive/minute-samples';
import type { Archive } from '../archive/open-archive';
import { MemoryEpisodeStore } from '../episodes/memory-episode-store';
import { writeExport } from '../export/export-file';
import type { Reading } from '../readings/reading';
import { MemoryStore } from '../store/memory-store';
import { readRecording, type Recording, RecordingFormatError } from './recording-csv';
import { CHUNK_ROWS } from './recording-rows';

const read = (text: string) => readRecording(Readable.from([Buffer.from(text, 'utf8')]));
/** Every row back from the spool, chunk by chunk. */
const rowsOf = async (r: Recording) => {
  const out: { time: number; values: number[]; flags: number }[] = [];
  for (let k = 0; k * CHUNK_ROWS < r.rows; k++) {
    const c = await r.spool.chunk(k);
    for (let i = 0; i < c.length; i++)
      out.push({ time: c.times[i]!, values: [...c.values.subarray(i * 6, i * 6 + 6)], flags: c.flags[i]! });
  }
  return out;
};
const times = async (r: Recording) => (await rowsOf(r)).map((x) => x.time);
const values = async (r: Recording) => (await rowsOf(r)).flatMap((x) => x.values);
const flags = async (r: Recording) => (await rowsOf(r)).map((x) => x.flags);

describe('readRecording', () => {
  it('reads the minimal format with seconds from the start, BOM, CRLF and quoted fields', async () => {
    const r = await read(
      '\uFEFFtime,L0,L1,L2,R0,R1,R2,anomaly\r\n0,1,2,3,4,5,6,0\r\n"0.25","10","20",30,40,50,60,1\r\n0.5,7,7,7,7,7,7,\r\n',
    );
    expect(r).toMatchObject({ format: 'minimal', rows: 3, durationMs: 500, errorCount: 0 });
    expect(r.samplesPerSecond).toBeCloseTo(4, 9);
    expect(await times(r)).toEqual([0, 250, 500]);
    expect((await values(r)).slice(6, 12)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(await flags(r)).toEqual([0, 0b111111, 0]);
  });

  it('spools every row to disk and reads them back across chunk boundaries', async () => {
    const n = 65_536 * 2 + 3;
    const lines = Array.from({ length: n }, (_, i) => `${i / 100},${i % 1024},0,0,0,0,${(i * 7) % 1024}`);
    const r = await read(`time,L0,L1,L2,R0,R1,R2\n${lines.join('\n')}\n`);
    expect(r.rows).toBe(n);
    const back = await rowsOf(r);
    expect(back).toHaveLength(n);
    for (const i of [0, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1]) {
      expect(back[i]!.time).toBeCloseTo(i * 10, 6);
      expect(back[i]!.values[0]).toBe(i % 1024);
      expect(back[i]!.values[5]).toBe((i * 7) % 1024);
    }
    expect(r.durationMs).toBeCloseTo((n - 1) * 10, 6);
  });

  it('reports bad rows with line and column and keeps the good ones', async () => {
    const r = await read(
      [
        'time,L0,L1,L2,R0,R1,R2',
        '2026-12-03T10:00:00.000Z,1,2,3,4,5,6',
        '2026-12-03T10:00:00.250Z,1,2,3,4,5,high',
        'yesterday,1,2,3,4,5,6',
        '2026-12-03T09:59:59.000Z,1,2,3,4,5,6',
        '2026-12-03T10:00:00.500Z,1,2,3,4,5,1024',
        '2026-12-03T10:00:00.750+01:00,1,2,3,4,5,6',
      ].join('\n'),
    );
    expect(r.rows).toBe(1);
    expect(r.errors).toEqual([
      { line: 3, column: 7, message: 'R2: expected an integer 0..1023, got "high"' },
      {
        line: 4,
        column: 1,
        message: 'time: expected ISO 8601 with a zone or seconds from the start, got "yesterday"',
      },
      { line: 5, column: 1, message: 'time: earlier than the row before (rows must be in time order)' },
      { line: 6, column: 7, message: 'R2: expected an integer 0..1023, got "1024"' },
      { line: 7, column: 1, message: 'time: earlier than the row before (rows must be in time order)' },
    ]);
  });

  it('refuses a file without the columns, naming what is missing', async () => {
    await expect(read('when,L0,L1\n1,2,3\n')).rejects.toThrow(
      new RecordingFormatError(
        'the header lacks time, L2, R0, R1, R2: expected time,L0,L1,L2,R0,R1,R2[,anomaly] or Plantar\'s export (time,epoch_ms,L0…R2,L0_flag…R2_flag,anomaly), got "when,L0,L1"',
      ),
    );
    await expect(read('')).rejects.toThrow('the file is empty');
  });

  it("reads back Plantar's own export exactly: times, values and per-sensor flags", async () => {
    const t0 = Date.UTC(2026, 11, 1, 8, 0, 0);
    const readings: Reading[] = Array.from({ length: 900 }, (_, i) => ({
      patientId: 3,
      at: t0 + i * 200 + (i % 3),
      traceId: '',
      sensors: Array.from({ length: 6 }, (_, id) => ({
        id,
        value: (i * 37 + id * 101) % 1024,
        anomaly: (i + id) % 97 === 0,
      })),
    }));
    const archive = {
      minutes: () => Promise.resolve(minutesOf(readings).minutes),
    } as unknown as Archive;
    let csv = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        csv += chunk.toString('utf8');
        done();
      },
    });
    await writeExport(
      { archive, store: new MemoryStore(), episodes: new MemoryEpisodeStore(), windowMs: 0 },
      { kind: 'READINGS', patientId: 3, from: t0, to: t0 + 3 * 60_000 - 1, expiresAt: Date.now() + 60_000 },
      6,
      sink,
    );
    const r = await read(csv);
    expect(r).toMatchObject({ format: 'export', rows: 900, errorCount: 0 });
    expect(await times(r)).toEqual(readings.map((x) => x.at));
    expect(await values(r)).toEqual(readings.flatMap((x) => x.sensors.map((s) => s.value)));
    expect(await flags(r)).toEqual(
      readings.map((x) => x.sensors.reduce((m, s) => (s.anomaly ? m | (1 << s.id) : m), 0)),
    );
  });
});
