import { MAX_PRESSURE } from './sample';

/**
 * Viridis (Smith & van der Walt), perceptually uniform and readable with the common colour
 * vision deficiencies; 9 stops interpolated linearly in sRGB.
 */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The viridis colour of t in 0..1 as `rgb(r g b)`. */
export function viridis(t: number): string {
  const [r, g, b] = viridisRgb(t);
  return `rgb(${r} ${g} ${b})`;
}

export function viridisRgb(t: number): [number, number, number] {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const pos = clamped * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

export function pressureColour(value: number): string {
  return viridis(value / MAX_PRESSURE);
}

/** Text colour readable on top of the pressure colour. */
export function pressureInk(value: number): string {
  const [r, g, b] = viridisRgb(value / MAX_PRESSURE);
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#1b1f24' : '#ffffff';
}

/** CSS gradient of the scale, low to high, for legends. */
export function viridisGradient(direction = 'to right'): string {
  return `linear-gradient(${direction}, ${VIRIDIS.map((c, i) => `rgb(${c.join(' ')}) ${(i / (VIRIDIS.length - 1)) * 100}%`).join(', ')})`;
}
