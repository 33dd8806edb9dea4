import type { FootSide } from './sample';

/** A point on an insole in unit coordinates: x 0 (left edge) .. 1, y 0 (toes) .. 1 (heel). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Sensor places on a left insole seen from above (the big toe is on the right, towards the
 * body's midline): front inner edge, front outer edge, heel. The right foot is the mirror image.
 */
const LEFT_PLACES: readonly Point[] = [
  { x: 0.64, y: 0.24 },
  { x: 0.3, y: 0.34 },
  { x: 0.5, y: 0.84 },
];

export function sensorPlaces(foot: FootSide): readonly Point[] {
  return foot === 'left' ? LEFT_PLACES : LEFT_PLACES.map((p) => ({ x: 1 - p.x, y: p.y }));
}

/**
 * An unloaded sensor does not read 0 but a per-patient floor of roughly 4..95; the load above
 * this floor is what bears weight.
 */
export const UNLOADED_FLOOR = 100;
/** Below this total load a foot is treated as in the air: it has no centre of pressure. */
export const MIN_FOOT_LOAD = 60;

export function loadOf(value: number): number {
  return Math.max(0, value - UNLOADED_FLOOR);
}

/** The centre of pressure of one foot from its three values, or null when the foot is unloaded. */
export function centreOfPressure(values: readonly number[], foot: FootSide): Point | null {
  const places = sensorPlaces(foot);
  let total = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < 3; i++) {
    const load = loadOf(values[i] ?? 0);
    total += load;
    x += load * places[i].x;
    y += load * places[i].y;
  }
  if (total < MIN_FOOT_LOAD) return null;
  return { x: x / total, y: y / total };
}

/** The left foot's share (0..1) of the load on both feet, or null when neither is loaded. */
export function leftLoadShare(values: readonly number[]): number | null {
  let left = 0;
  let right = 0;
  for (let i = 0; i < 3; i++) left += loadOf(values[i] ?? 0);
  for (let i = 3; i < 6; i++) right += loadOf(values[i] ?? 0);
  const total = left + right;
  return total < MIN_FOOT_LOAD ? null : left / total;
}
