import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { Reading } from '../readings/reading';
import { traceIdFromUtcMs } from '../simulator/trace-clock';
import type { ReadingStore } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { Recording } from './recording-csv';
import { chunkOf, placeIn, type RowChunk, CHUNK_ROWS } from './recording-rows';

/**
 * Recordings replayed live, each as a patient of its own (source REPLAY) at the recorded pace times
 * a speed, through the same pipeline as polled readings. A reading's `at` is when it was replayed
 * (the live window is by arrival); its trace id carries the recording's own clock, so gait analysis
 * measures the walk at its recorded pace whatever the speed.
 */

export type ReplayState = 'PLAYING' | 'PAUSED' | 'STOPPED' | 'FINISHED';
export const REPLAY_SPEEDS = [1, 2, 10] as const;

export interface ReplayView {
  readonly id: string;
  readonly patientId: number;
  readonly name: string;
  readonly speed: number;
  readonly state: ReplayState;
  /** Rows sent / total. */
  readonly sent: number;
  readonly total: number;
  /** Recording time replayed and left, ms. */
  readonly elapsedMs: number;
  readonly remainingMs: number;
  readonly startedAt: number;
}

export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

interface Upload {
  readonly recording: Recording;
  readonly expiresAt: number;
}

interface Replay {
  readonly id: string;
  readonly patientId: number;
  readonly name: string;
  readonly recording: Recording;
  speed: number;
  state: ReplayState;
  sent: number;
  /** Recording time reached (ms from the first row) when the clock was last re-based. */
  baseMs: number;
  /** Wall time of that re-basing. */
  baseWall: number;
  lastAt: number;
  readonly startedAt: number;
  /** The chunk of rows being sent, and the next one once asked for (read back from the spool). */
  chunk: RowChunk | undefined;
  next: { readonly index: number; chunk?: RowChunk } | undefined;
  /** Recording time of the last row sent. */
  lastSentTime: number;
}

export interface ReplaysOptions {
  store: ReadingStore;
  writeQueue: WriteQueue;
  logger: Logger;
  /** Uploads kept for starting, and how long. @default 10, 1800000 (30 min) */
  maxUploads?: number;
  uploadTtlMs?: number;
  /** Replays running at once. @default 20 */
  maxReplays?: number;
  /** Scheduling tick. @default 50 */
  tickMs?: number;
  /** Patient ids of replays start here (kept clear of polled and pushed ids). @default 1,000,000,000 */
  firstPatientId?: number;
}

/** Relative recordings are replayed on this date's clock (the trace id needs a date). */
const RELATIVE_EPOCH = Date.UTC(2000, 0, 1);

export class Replays {
  private readonly uploads = new Map<string, Upload>();
  private readonly replays = new Map<string, Replay>();
  private readonly listeners = new Set<(views: ReplayView[]) => void>();
  private timer: NodeJS.Timeout | undefined;
  private nextPatient: number;
  private ticks = 0;
  private readonly o: Required<Omit<ReplaysOptions, 'store' | 'writeQueue' | 'logger'>> & ReplaysOptions;

  constructor(options: ReplaysOptions) {
    this.o = {
      maxUploads: 10,
      uploadTtlMs: 1_800_000,
      maxReplays: 20,
      tickMs: 50,
      firstPatientId: 1_000_000_000,
      ...options,
    };
    this.nextPatient = this.o.firstPatientId;
  }

  /** Keeps a validated recording for startReplay; resolves with its id. */
  hold(recording: Recording, now = Date.now()): string {
    for (const [id, u] of this.uploads) if (u.expiresAt < now) this.dropUpload(id);
    if (this.uploads.size >= this.o.maxUploads) {
      const oldest = this.uploads.keys().next().value;
      if (oldest !== undefined) this.dropUpload(oldest);
    }
    const id = randomUUID();
    this.uploads.set(id, { recording, expiresAt: now + this.o.uploadTtlMs });
    return id;
  }

  async start(uploadId: string, name: string, speed: number, now = Date.now()): Promise<ReplayView> {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined)
      throw new ReplayError(
        `no upload "${uploadId}" (uploads are kept ${this.o.uploadTtlMs / 60_000} minutes)`,
      );
    if (upload.recording.rows === 0) throw new ReplayError('the recording has no valid rows to replay');
    checkSpeed(speed);
    const active = [...this.replays.values()].filter(
      (r) => r.state === 'PLAYING' || r.state === 'PAUSED',
    ).length;
    if (active >= this.o.maxReplays)
      throw new ReplayError(`at most ${this.o.maxReplays} replays at once; stop one first`);
    // The first rows in memory before it plays (the first tick sends them, the rest is read
    // ahead), and read before anything is saved: a spool that cannot be read starts nothing.
    const firstRows = await upload.recording.spool.chunk(0).catch((error: unknown) => {
      this.dropUpload(uploadId);
      throw new ReplayError(`the upload cannot be read back: ${(error as Error).message}`);
    });
    const patientId = await this.freePatientId();
    const [first, last] = nameParts(name);
    await this.o.store.savePatient({
      id: patientId,
      firstName: first,
      lastName: last,
      birthYear: null,
      disabled: false,
      traceName: `replay of ${name}`,
      source: 'REPLAY',
    });
    this.uploads.delete(uploadId);
    const replay: Replay = {
      id: randomUUID(),
      patientId,
      name,
      recording: upload.recording,
      speed,
      state: 'PLAYING',
      sent: 0,
      baseMs: 0,
      baseWall: now,
      lastAt: 0,
      startedAt: now,
      chunk: firstRows,
      next: undefined,
      lastSentTime: upload.recording.spool.firstTime,
    };
    this.replays.set(replay.id, replay);
    this.o.logger.info(
      { replay: replay.id, patientId, rows: upload.recording.rows, speed },
      'replay started',
    );
    this.ensureTimer();
    return view(replay, now);
  }

  pause(id: string, now = Date.now()): ReplayView {
    const r = this.get(id);
    if (r.state !== 'PLAYING')
      throw new ReplayError(`replay "${id}" is ${r.state.toLowerCase()}, not playing`);
    r.baseMs = position(r, now);
    r.baseWall = now;
    r.state = 'PAUSED';
    return this.changed(r, now);
  }

  resume(id: string, speed: number | undefined, now = Date.now()): ReplayView {
    const r = this.get(id);
    if (r.state !== 'PAUSED' && !(r.state === 'PLAYING' && speed !== undefined)) {
      throw new ReplayError(`replay "${id}" is ${r.state.toLowerCase()}, not paused`);
    }
    if (speed !== undefined) {
      checkSpeed(speed);
      if (r.state === 'PLAYING') r.baseMs = position(r, now);
      r.speed = speed;
    }
    r.baseWall = now;
    r.state = 'PLAYING';
    this.ensureTimer();
    return this.changed(r, now);
  }

  stop(id: string, now = Date.now()): ReplayView {
    const r = this.get(id);
    if (r.state === 'PLAYING') r.baseMs = position(r, now);
    r.state = 'STOPPED';
    this.release(r);
    return this.changed(r, now);
  }

  list(now = Date.now()): ReplayView[] {
    return [...this.replays.values()].map((r) => view(r, now));
  }

  /** Progress of every replay, about twice a second while any plays. */
  onProgress(listener: (views: ReplayView[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At shutdown: the timer stops and every spool is freed. */
  close(): void {
    this.stopTimer();
    for (const id of [...this.uploads.keys()]) this.dropUpload(id);
    for (const r of this.replays.values()) this.release(r);
  }

  /** Sends what is due now (the timer calls it every tickMs). */
  tick(now = Date.now()): void {
    let playing = 0;
    for (const r of this.replays.values()) {
      if (r.state !== 'PLAYING') continue;
      playing++;
      this.sendDue(r, now);
    }
    if (++this.ticks % Math.max(1, Math.round(500 / this.o.tickMs)) === 0 || playing === 0) this.emit(now);
    if (playing === 0) this.stopTimer();
  }

  private sendDue(r: Replay, now: number): void {
    const { spool, rows } = r.recording;
    const due = position(r, now);
    const t0 = spool.firstTime;
    // A bounded step a tick: a 10x replay of a dense file never floods the write queue at once.
    const room = Math.min(this.o.writeQueue.roomFor(r.patientId), 5000);
    let n = 0;
    while (r.sent < rows && n < room) {
      const chunk = this.chunkFor(r, r.sent);
      if (chunk === undefined) break; // being read back: the next tick goes on
      const i = placeIn(r.sent);
      const time = chunk.times[i]!;
      if (time - t0 > due) break;
      const recordedUtc = (t0 < 1e11 ? RELATIVE_EPOCH : 0) + time;
      const at = Math.max(r.lastAt + 1, now - Math.round((due - (time - t0)) / r.speed));
      const flags = chunk.flags[i]!;
      const reading: Reading = {
        patientId: r.patientId,
        at,
        traceId: String(traceIdFromUtcMs(recordedUtc)),
        sensors: [0, 1, 2, 3, 4, 5].map((id) => ({
          id,
          value: chunk.values[i * 6 + id]!,
          anomaly: (flags & (1 << id)) !== 0,
        })),
      };
      this.o.writeQueue.submit(reading);
      r.lastAt = at;
      r.lastSentTime = time;
      r.sent++;
      n++;
    }
    if (r.sent >= rows) {
      r.state = 'FINISHED';
      this.release(r);
      this.o.logger.info({ replay: r.id, patientId: r.patientId }, 'replay finished');
      this.changed(r, now);
    }
  }

  /**
   * The chunk row `row` is in, when in memory. From halfway through a chunk the next one is read
   * back from the spool, so a replay does not wait at the boundary; a read failing (the spool's
   * disk gone) stops the replay with a log line and leaves the others playing.
   */
  private chunkFor(r: Replay, row: number): RowChunk | undefined {
    const index = chunkOf(row);
    if (r.chunk?.index !== index) {
      if (r.next?.index === index && r.next.chunk !== undefined) {
        r.chunk = r.next.chunk;
        r.next = undefined;
      } else {
        this.readAhead(r, index);
        return undefined;
      }
    }
    if (placeIn(row) >= CHUNK_ROWS / 2 && (index + 1) * CHUNK_ROWS < r.recording.rows)
      this.readAhead(r, index + 1);
    return r.chunk;
  }

  private readAhead(r: Replay, index: number): void {
    if (r.next?.index === index) return;
    const next: { readonly index: number; chunk?: RowChunk } = { index };
    r.next = next;
    r.recording.spool.chunk(index).then(
      (chunk) => {
        if (r.next === next) next.chunk = chunk;
      },
      (error: unknown) => {
        if (r.state !== 'PLAYING' && r.state !== 'PAUSED') return;
        this.o.logger.error(
          { replay: r.id, patientId: r.patientId, err: { message: (error as Error).message } },
          'replay stopped: its recording could not be read back',
        );
        r.state = 'STOPPED';
        this.release(r);
        this.emit(Date.now());
      },
    );
  }

  /** A replay that ended lets its rows go (the view keeps its counts). */
  private release(r: Replay): void {
    r.chunk = undefined;
    r.next = undefined;
    void r.recording.spool.discard();
  }

  private dropUpload(id: string): void {
    const upload = this.uploads.get(id);
    this.uploads.delete(id);
    if (upload !== undefined) void upload.recording.spool.discard();
  }

  private changed(r: Replay, now: number): ReplayView {
    this.emit(now);
    return view(r, now);
  }

  private emit(now: number): void {
    if (this.listeners.size === 0) return;
    const views = this.list(now);
    for (const l of this.listeners) l(views);
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private ensureTimer(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  private get(id: string): Replay {
    const r = this.replays.get(id);
    if (r === undefined) throw new ReplayError(`no replay "${id}"`);
    return r;
  }

  private async freePatientId(): Promise<number> {
    const known = await this.o.store.knownPatients();
    const highest = known
      .filter((id) => id >= this.o.firstPatientId)
      .reduce((a, b) => Math.max(a, b), this.nextPatient - 1);
    this.nextPatient = highest + 1;
    return this.nextPatient++;
  }
}

function checkSpeed(speed: number): void {
  if (!(REPLAY_SPEEDS as readonly number[]).includes(speed)) {
    throw new ReplayError(`expected a speed of ${REPLAY_SPEEDS.join(', ')}, got ${speed}`);
  }
}

/** Recording time reached, ms from the first row. */
function position(r: Replay, now: number): number {
  return r.state === 'PLAYING' ? r.baseMs + (now - r.baseWall) * r.speed : r.baseMs;
}

function view(r: Replay, now: number): ReplayView {
  const { spool, rows, durationMs } = r.recording;
  const elapsed =
    r.sent === 0
      ? 0
      : Math.min(
          durationMs,
          Math.max(r.lastSentTime - spool.firstTime, r.state === 'PLAYING' ? position(r, now) : 0),
        );
  return {
    id: r.id,
    patientId: r.patientId,
    name: r.name,
    speed: r.speed,
    state: r.state,
    sent: r.sent,
    total: rows,
    elapsedMs: elapsed,
    remainingMs: r.state === 'FINISHED' ? 0 : Math.max(0, durationMs - elapsed),
    startedAt: r.startedAt,
  };
}

/** A user's name for the replay as first and last name, so lists show it like any patient. */
function nameParts(name: string): [string, string] {
  const words = name.trim().split(/\s+/);
  return words.length > 1
    ? [words.slice(0, -1).join(' '), words.at(-1)!]
    : ['Replay', words[0] ?? 'recording'];
}
