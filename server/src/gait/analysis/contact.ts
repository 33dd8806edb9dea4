import type { SensorRanges } from './sensor-range';

/**
 * Foot contact from the three sensors of a foot: the foot's load is the mean of its normalised
 * sensors (front inner, front outer, heel), and the foot is in contact from when the load rises
 * above `on` until it falls below `off`. Hysteresis keeps noise around one threshold from splitting a
 * stance; the thresholds are low because a stance starts and ends on one sensor alone (the heel at
 * strike, the inner front at toe-off), which is a third of the mean. Heel strike = contact onset,
 * toe-off = its end.
 */

export interface ContactThresholds {
  /** Foot load (0..1) above which an unloaded foot is in contact. @default 0.1 */
  readonly on: number;
  /** Foot load below which a foot in contact is lifted. @default 0.05 */
  readonly off: number;
}

export const DEFAULT_CONTACT: ContactThresholds = { on: 0.02, off: 0.01 };

/** Sensor ids 0..2 = left foot, 3..5 = right; `foot` 0 = left, 1 = right. */
export function footLoad(ranges: SensorRanges, values: Uint16Array, offset: number, foot: number): number {
  const first = foot * 3;
  return (
    (ranges.normalise(first, values[offset + first]!) +
      ranges.normalise(first + 1, values[offset + first + 1]!) +
      ranges.normalise(first + 2, values[offset + first + 2]!)) /
    3
  );
}

/** The contact state after a sample with foot load `load`, from the state before it. */
export function nextContact(inContact: boolean, load: number, thresholds: ContactThresholds): boolean {
  return inContact ? load >= thresholds.off : load > thresholds.on;
}
