import { Readable } from 'node:stream';
import pino from 'pino';
import { createMetrics } from '../observability/metrics';
import { utcMsFromTraceId } from '../simulator/trace-clock';
import { MemoryStore } from '../store/memory-store';
import { WriteQueue } from '../store/write-queue';
import { readRecording } from './recording-csv';
import { CHUNK_ROWS } from './recording-rows';
import { Replays } from './replays';

/** 20 rows at 4 a second from 10:00:00 UTC: a 4.75 s recording. */
const csv = ['time,L0,L1,L2,R0,R1,R2']
  .concat(
    Array.from(
      { length: 20 },
      (_, i) => `${new Date(Date.UTC(2026, 11, 3, 10, 0, 0) + i * 250).toISOString()},${i},0,0,0,0,0`,
    ),
  )
  .join('\n');

describe('Replays', () => {
  let store: MemoryStore;
  let replays: Replays;
  let writeQueue: WriteQueue;
  const logger = pino({ level: 'silent' });

  beforeEach(() => {
    store = new MemoryStore();
    writeQueue = new WriteQueue({ store, capacityPerPatient: 3000, logger, metrics: createMetrics() });
    replays = new Replays({ store, writeQueue, logger, tickMs: 60_000 });
  });
  afterEach(() => replays.close());

  const upload = async () => replays.hold(await readRecording(Readable.from([csv])));
  const stored = async (id: number) => {
    await writeQueue.drain(5000);
    return store.readings(id, { from: 0, last: 100 });
  };

  it('replays at the recorded pace times the speed, as a patient of its own, on the recording clock', async () => {
    const t = 1_000_000;
    const started = await replays.start(await upload(), 'Ada Nowak walk', 2, t);
    expect(started).toMatchObject({ state: 'PLAYING', sent: 0, total: 20, speed: 2 });
    expect((await store.patients([started.patientId])).get(started.patientId)).toMatchObject({
      firstName: 'Ada Nowak',
      lastName: 'walk',
      source: 'REPLAY',
    });
    replays.tick(t + 1000); // 2 s of recording at 2x: rows 0..8
    const first = await stored(started.patientId);
    expect(first.map((r) => r.sensors[0]!.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // The trace id is the recording's clock (seconds), whatever the replay speed.
    expect(first.map((r) => utcMsFromTraceId(Number(r.traceId)) - Date.UTC(2026, 11, 3, 10, 0, 0))).toEqual([
      0, 0, 0, 0, 1000, 1000, 1000, 1000, 2000,
    ]);
    expect(first.every((r, i) => i === 0 || r.at > first[i - 1]!.at)).toBe(true);
    expect(replays.list(t + 1000)[0]).toMatchObject({ sent: 9, elapsedMs: 2000, remainingMs: 2750 });
  });

  it('pauses, resumes at another speed, and finishes; stop ends it for good', async () => {
    const t = 2_000_000;
    const { id, patientId } = await replays.start(await upload(), 'walk', 1, t);
    replays.tick(t + 1000); // rows 0..4
    replays.pause(id, t + 1000);
    replays.tick(t + 60_000); // paused: nothing more
    expect((await stored(patientId)).length).toBe(5);
    expect(() => replays.pause(id, t + 60_000)).toThrow('is paused, not playing');
    replays.resume(id, 10, t + 60_000);
    replays.tick(t + 60_100); // 1 s + 1 s of recording: rows up to 2.0 s
    expect((await stored(patientId)).length).toBe(9);
    replays.tick(t + 61_000);
    expect(replays.list(t + 61_000)[0]).toMatchObject({ state: 'FINISHED', sent: 20, remainingMs: 0 });
    const again = await replays.start(await upload(), 'second', 1, t);
    replays.stop(again.id, t + 10);
    replays.tick(t + 60_000);
    expect(replays.list().find((r) => r.id === again.id)).toMatchObject({ state: 'STOPPED', sent: 0 });
    expect(again.patientId).not.toBe(patientId);
  });

  it('replays a recording longer than one chunk through, reading it back from its spool, then frees it', async () => {
    const rows = CHUNK_ROWS + 10;
    // 1,000 rows a second of seconds-from-start: 65.5 s of recording, 6.6 s at 10x.
    const long = ['time,L0,L1,L2,R0,R1,R2']
      .concat(Array.from({ length: rows }, (_, i) => `${i / 1000},${i % 1000},0,0,0,0,0`))
      .join('\n');
    const recording = await readRecording(Readable.from([long]));
    const { id, patientId } = await replays.start(replays.hold(recording), 'long walk', 10, 0);
    let last = -1;
    for (let now = 100; replays.list(now)[0]!.state === 'PLAYING' && now < 20_000; now += 100) {
      replays.tick(now);
      const recent = await stored(patientId);
      // In order across the chunk boundary: each tick's newest value follows on from the last.
      const newest = recent.at(-1)?.sensors[0]!.value;
      if (newest !== undefined) last = newest;
      // The chunk after the boundary is read back asynchronously: let it land before the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(replays.list()[0]).toMatchObject({ id, state: 'FINISHED', sent: rows, total: rows });
    expect(last).toBe((rows - 1) % 1000);
    await expect(recording.spool.chunk(0)).rejects.toThrow('the recording was discarded');
  });

  it('frees the spool of an upload pushed out by newer ones', async () => {
    const few = new Replays({ store, writeQueue, logger, maxUploads: 1 });
    const first = await readRecording(Readable.from([csv]));
    few.hold(first);
    few.hold(await readRecording(Readable.from([csv])));
    await expect(first.spool.chunk(0)).rejects.toThrow('the recording was discarded');
    few.close();
  });

  it('starts nothing from an upload whose spool cannot be read back', async () => {
    const recording = await readRecording(Readable.from([csv]));
    const id = replays.hold(recording);
    await recording.spool.discard(); // as if its temporary file's disk had gone
    await expect(replays.start(id, 'lost', 1)).rejects.toThrow('the upload cannot be read back');
    expect(replays.list()).toEqual([]);
    expect(await store.knownPatients()).toEqual([]);
  });

  it('refuses an unknown upload and a speed it does not offer', async () => {
    await expect(replays.start('nope', 'x', 1)).rejects.toThrow('no upload "nope"');
    await expect(replays.start(await upload(), 'x', 3)).rejects.toThrow(
      'expected a speed of 1, 2, 10, got 3',
    );
  });
});
