import { Subject, filter, map, of, throwError } from 'rxjs';
import type { LiveSample } from '../app/core/live-feed.service';
import type { Sample } from '../app/shared/sample';

/** A reading as the API sends it. */
export function reading(
  patientId: number,
  t: number,
  values: number[] = [500, 500, 500, 500, 500, 500],
  flags = 0,
) {
  return {
    patientId,
    at: new Date(t).toISOString(),
    traceId: String(t),
    anomaly: flags !== 0,
    sensors: values.map((value, id) => ({ id, value, anomaly: (flags & (1 << id)) !== 0 })),
  };
}

export function sample(t: number, values: number[] = [500, 500, 500, 500, 500, 500], flags = 0): Sample {
  return { t, v: values, flags, traceId: String(t) };
}

/** A LiveFeed stand-in driven by a Subject. */
export function fakeFeed() {
  const samples = new Subject<LiveSample>();
  return {
    samples,
    feed: {
      samples$: samples.asObservable(),
      forPatient: (id: number) =>
        samples.pipe(
          filter((live) => live.patientId === id),
          map((live) => live.sample),
        ),
    },
  };
}

export const ok = <T>(data: T) => of({ data });
export const fail = (message: string) => throwError(() => new Error(message));

/** Runs pending animation-frame and timer callbacks (with jest fake timers). */
export async function settle(): Promise<void> {
  jest.advanceTimersByTime(20);
  await Promise.resolve();
  await Promise.resolve();
  jest.advanceTimersByTime(20);
}

/** requestAnimationFrame / cancelAnimationFrame stand-ins; `frame()` runs what is due. */
export function fakeFrames() {
  const callbacks = new Map<number, FrameRequestCallback>();
  let next = 1;
  return {
    raf: (cb: FrameRequestCallback) => {
      callbacks.set(next, cb);
      return next++;
    },
    caf: (h: number) => callbacks.delete(h),
    frame: () => {
      const due = [...callbacks.values()];
      callbacks.clear();
      due.forEach((cb) => cb(0));
    },
  };
}
