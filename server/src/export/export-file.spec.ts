import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { minutesOf, type MinuteSamples } from '../archive/minute-samples';
import type { Archive } from '../archive/open-archive';
import { MemoryEpisodeStore } from '../episodes/memory-episode-store';
import type { HistorySources } from '../history/history-queries';
import type { Reading } from '../readings/reading';
import { MemoryStore } from '../store/memory-store';
import { exportFileName, readingColumns, writeExport } from './export-file';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);

function reading(at: number, value: number): Reading {
  return {
    patientId: 3,
    at,
    traceId: '',
    sensors: Array.from({ length: 6 }, (_, id) => ({ id, value: value + id, anomaly: id === 5 })),
  };
}

/** An archive stand-in that serves `perHour` readings (5 Hz) an hour and records what it was asked for. */
function hourlyArchive(asked: [number, number][], perHour = 1): Archive {
  return {
    minutes: (_patientId: number, from: number, to: number): Promise<MinuteSamples[]> => {
      asked.push([from, to]);
      const readings = Array.from({ length: perHour }, (_, i) => reading(from + i * 200, 100));
      return Promise.resolve(minutesOf(readings).minutes);
    },
  } as unknown as Archive;
}

function sources(archive: Archive): HistorySources {
  return { archive, store: new MemoryStore(), episodes: new MemoryEpisodeStore(), windowMs: 660_000 };
}

/** Collects what is written; `hold` keeps each write's callback until `release`. */
class Sink extends Writable {
  text = '';
  private held: (() => void)[] = [];
  constructor(private hold = false) {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    this.emit('chunk');
    if (this.hold) this.held.push(done);
    else done();
  }
  release(): void {
    this.hold = false;
    for (const done of this.held.splice(0)) done();
  }
}

describe('CSV export', () => {
  it('names the file after patient, kind and range', () => {
    expect(exportFileName({ kind: 'READINGS', patientId: 91, from: T0, to: T0 + HOUR })).toBe(
      'plantar-patient-91-readings-20261201T000000Z-20261201T010000Z.csv',
    );
  });

  it('writes RFC 4180 with a BOM, a header, ISO and epoch times, a column per sensor and per flag', async () => {
    const out = new Sink();
    const request = {
      kind: 'READINGS' as const,
      patientId: 3,
      from: T0,
      to: T0 + 2 * HOUR - 1,
      expiresAt: 0,
    };
    await writeExport(sources(hourlyArchive([])), request, 6, out);
    expect(out.text.startsWith('\uFEFFtime,epoch_ms,L0,L1,L2,R0,R1,R2,L0_flag,')).toBe(true);
    expect(out.text).toContain('\r\n');
    const rows = parse(out.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(readingColumns(6));
    expect(rows).toEqual([
      expect.objectContaining({
        time: '2026-12-01T00:00:00.000+00:00',
        epoch_ms: String(T0),
        L0: '100',
        R2: '105',
        R2_flag: '1',
        L0_flag: '0',
        anomaly: '1',
      }),
      expect.objectContaining({ time: '2026-12-01T01:00:00.000+00:00', epoch_ms: String(T0 + HOUR) }),
    ]);
  });

  it('reads the range an hour at a time, as fast as the client takes it', async () => {
    const asked: [number, number][] = [];
    const out = new Sink(true);
    const request = {
      kind: 'READINGS' as const,
      patientId: 3,
      from: T0,
      to: T0 + 48 * HOUR - 1,
      expiresAt: 0,
    };
    // 300 readings an hour: ~20 kB of CSV, more than the streams buffer between reader and client.
    const done = writeExport(sources(hourlyArchive(asked, 300)), request, 6, out);
    await new Promise((resolve) => out.once('chunk', resolve));
    // The client has taken nothing: a few hours are read ahead (stream buffers), not two days.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(asked.length).toBeLessThanOrEqual(4);
    out.release();
    await done;
    expect(asked).toHaveLength(48);
    expect(asked[1]).toEqual([T0 + HOUR, T0 + 2 * HOUR - 1]);
    expect(parse(out.text, { bom: true, columns: true })).toHaveLength(48 * 300);
  });
});
