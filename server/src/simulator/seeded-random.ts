/**
 * Small deterministic random sources. The simulator must give the same patients, gait and
 * episodes for the same seed on every run and machine (tests and benchmarks compare runs), and
 * the gait model must be able to draw "random" noise for any sample index without keeping state,
 * which a counter-based hash gives and a sequential generator does not.
 */

// Bound once: under jest's vm sandbox every lookup of the global `Math` is ~50x slower than a
// module binding, and these run hundreds of thousands of times per second.
const { floor, imul } = Math;

/** 32-bit finalizer of MurmurHash3: cheap, allocation-free, well mixed. Returns an unsigned int. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to three integers, unsigned 32-bit. */
export function hash3(a: number, b: number, c = 0): number {
  return mix32(mix32(a ^ imul(b | 0, 0x9e3779b1)) ^ imul(c | 0, 0x27d4eb2f));
}

/** Uniform in [0, 1) from up to three integers. */
export function unit3(a: number, b: number, c = 0): number {
  return hash3(a, b, c) / 4294967296;
}

/** Sequential generator (mulberry32) for set-up work where call order is fixed. Returns [0, 1). */
export function createRandom(seed: number): () => number {
  let state = mix32(seed) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An element of a non-empty `list`, drawn with one call of `random`. */
export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[floor(random() * list.length)]!;
}

/** Turns a user-facing seed (any number or string) into a 32-bit integer. */
export function normalizeSeed(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return mix32(seed ^ 0x5bd1e995);
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}
