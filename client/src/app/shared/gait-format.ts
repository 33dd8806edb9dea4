import type { GaitState } from '../graphql/generated';

/** How each gait state is said and drawn: words always, the icon and colour only beside them. */
export interface GaitStateView {
  readonly label: string;
  /** A class for the icon and the colour (the words carry the meaning). */
  readonly kind: 'walking' | 'standing' | 'no-load' | 'unknown';
}

const STATES: Readonly<Record<GaitState, GaitStateView>> = {
  WALKING: { label: 'Walking', kind: 'walking' },
  STANDING: { label: 'Standing', kind: 'standing' },
  NO_LOAD: { label: 'No load', kind: 'no-load' },
  UNKNOWN: { label: 'Unknown', kind: 'unknown' },
};

/** The state as staff read it; null (the server does not know yet) reads as unknown. */
export function gaitStateView(state: GaitState | null | undefined): GaitStateView {
  return state ? STATES[state] : STATES.UNKNOWN;
}

/** What each state means, for a title: "no load" is not a fall, nor is "unknown" an alarm. */
export const STATE_HINTS: Readonly<Record<GaitStateView['kind'], string>> = {
  walking: 'The feet take turns: steps',
  standing: 'Both feet loaded, no steps',
  'no-load': 'Neither foot loaded: sitting, lying, or the insoles are off',
  unknown: 'Too little data yet, or the sensors are still being calibrated',
};

/** Below this the figures are drawn greyed: coverage, calibration or walking seen are too thin. */
export const LOW_CONFIDENCE = 0.4;

/** The clinical normal band of a left/right symmetry ratio. */
export const SYMMETRY_BAND = { low: 0.9, high: 1.1 } as const;

/** Whether a ratio L/R lies in the normal band; null when there is none. */
export function inSymmetryBand(ratio: number | null | undefined): boolean | null {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return null;
  return ratio >= SYMMETRY_BAND.low && ratio <= SYMMETRY_BAND.high;
}

/** A 0..1 share as a whole percentage, "–" when unknown. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share)
    ? '–'
    : `${Math.round(share * 100)} %`;
}

/** A number with `digits` decimals, "–" when unknown. */
export function fixed(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A signed SI in percent ("+4.2 %", "−12.0 %"): the sign says which foot (positive = left more). */
export function signedPercent(si: number | null | undefined): string {
  if (si === null || si === undefined || !Number.isFinite(si)) return '–';
  const rounded = Math.round(si * 10) / 10;
  if (rounded === 0) return '0.0 %';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)} %`;
}

/**
 * The `extensions.code` of a failed request (FEATURE_OFF, ARCHIVE_UNAVAILABLE, …), or null. Apollo
 * wraps a GraphQL error response in an error whose `errors` list carries them; an error from the
 * WebSocket link may come as the list itself.
 */
export function errorCodeOf(error: unknown): string | null {
  const lists: unknown[] = [];
  if (Array.isArray(error)) lists.push(error);
  else if (typeof error === 'object' && error !== null) {
    const e = error as { errors?: unknown; graphQLErrors?: unknown; extensions?: unknown };
    if (Array.isArray(e.errors)) lists.push(e.errors);
    if (Array.isArray(e.graphQLErrors)) lists.push(e.graphQLErrors);
    if (e.extensions !== undefined) lists.push([error]);
  }
  for (const list of lists) {
    for (const item of list as unknown[]) {
      const code = (item as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      if (typeof code === 'string') return code;
    }
  }
  return null;
}

/** The user's local midnight before `now` (a 23 or 25 hour day keeps its own midnight). */
export function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The browser's IANA time zone (what "today" means to the user), UTC when it cannot say. */
export function userTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
