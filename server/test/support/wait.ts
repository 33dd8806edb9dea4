import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Resolves once `predicate` holds, checking every `intervalMs`; rejects after `timeoutMs`. For
 * "eventually" conditions that no event announces (a counter, a Redis key, a readiness probe).
 */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return Date.now() - started;
}

/** One line a reviewer can quote: `MEASURED: <scenario> <json>`. */
export function measured(scenario: string, figures: Record<string, unknown>): void {
  console.log(`MEASURED: ${scenario} ${JSON.stringify(figures)}`);
}

let gcFn: (() => void) | undefined;

/**
 * A full garbage collection, for heap comparisons. Uses `global.gc` when node runs with
 * --expose-gc, otherwise exposes it through V8's flags (a documented V8 option, no native code).
 */
export function forceGc(): void {
  if (gcFn === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') gcFn = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  gcFn();
  gcFn();
}

/** heapUsed after a full collection, in bytes. */
export async function settledHeap(): Promise<number> {
  // Let pending callbacks and finalizers run between collections.
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    forceGc();
  }
  return process.memoryUsage().heapUsed;
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A Prometheus counter or gauge without labels, read in-process. */
export async function metricValue(metric: {
  get(): Promise<{ values: { value: number; labels: object }[] }>;
}): Promise<number> {
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}
