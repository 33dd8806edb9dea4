/**
 * The real API's `trace.id` is the recording's wall-clock time written as the decimal digits
 * H MM SS DD MM YYYY with no leading zero on the hour: 2350401012010 = 2:35:04 on 01-01-2010,
 * 14030805062019 = 14:03:08 on 05-06-2019. It is a number in the JSON, so the hour's leading zero
 * simply cannot exist (and just after midnight the minutes' cannot either: 0:00:07 on 02-01-2010 is
 * 702012010); decoding therefore works from the right.
 */

export interface TraceClockParts {
  /** 0..23 */
  readonly hour: number;
  /** 0..59 */
  readonly minute: number;
  /** 0..59 */
  readonly second: number;
  /** 1..31 */
  readonly day: number;
  /** 1..12 */
  readonly month: number;
  /** 1000..9999: four digits, as the encoding has a fixed-width year */
  readonly year: number;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`trace clock ${name} must be an integer ${min}..${max}, got ${value}`);
  }
}

function checkParts(p: TraceClockParts): void {
  checkRange('hour', p.hour, 0, 23);
  checkRange('minute', p.minute, 0, 59);
  checkRange('second', p.second, 0, 59);
  checkRange('month', p.month, 1, 12);
  checkRange('year', p.year, 1000, 9999);
  // Days per month via Date so 30-02 or 29-02 of a common year are refused like any other typo.
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  checkRange('day', p.day, 1, daysInMonth);
}

/** The digits H MM SS DD MM YYYY as one number, unchecked. */
function traceDigits(
  hour: number,
  minute: number,
  second: number,
  day: number,
  month: number,
  year: number,
): number {
  // Largest value 23_59_59_31_12_9999 < 2^53: exact in a double.
  return hour * 1e12 + minute * 1e10 + second * 1e8 + day * 1e6 + month * 1e4 + year;
}

/** Encodes clock parts into the real API's trace id. Throws a RangeError on an impossible date. */
export function encodeTraceId(parts: TraceClockParts): number {
  checkParts(parts);
  return traceDigits(parts.hour, parts.minute, parts.second, parts.day, parts.month, parts.year);
}

/** Decodes a trace id into clock parts. Throws a RangeError when it is not a valid clock reading. */
export function decodeTraceId(id: number): TraceClockParts {
  if (!Number.isSafeInteger(id) || id < 0)
    throw new RangeError(`trace id must be a non-negative integer, got ${id}`);
  const parts: TraceClockParts = {
    year: id % 1e4,
    month: Math.floor(id / 1e4) % 100,
    day: Math.floor(id / 1e6) % 100,
    second: Math.floor(id / 1e8) % 100,
    minute: Math.floor(id / 1e10) % 100,
    hour: Math.floor(id / 1e12),
  };
  checkParts(parts);
  return parts;
}

/**
 * Trace id of a UTC instant (the recording clock carries no zone; UTC keeps it free of DST).
 * Skips the validation of encodeTraceId because parts read from a Date are valid by
 * construction, and this runs once per fresh sample per simulated patient.
 */
export function traceIdFromUtcMs(utcMs: number): number {
  const d = new Date(utcMs);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new RangeError(`trace clock year must be 1000..9999, got ${year}`);
  return traceDigits(
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCDate(),
    d.getUTCMonth() + 1,
    year,
  );
}

/** The UTC instant (whole seconds) a trace id stands for. */
export function utcMsFromTraceId(id: number): number {
  const p = decodeTraceId(id);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}
