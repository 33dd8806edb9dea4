import { decodeTraceId, encodeTraceId, traceIdFromUtcMs, utcMsFromTraceId } from './trace-clock';

describe('trace clock (H MM SS DD MM YYYY)', () => {
  it('decodes the documented example, whose hour has no leading zero', () => {
    expect(decodeTraceId(2350401012010)).toEqual({
      hour: 2,
      minute: 35,
      second: 4,
      day: 1,
      month: 1,
      year: 2010,
    });
  });

  it('decodes a two-digit hour', () => {
    expect(decodeTraceId(14030805062019)).toEqual({
      hour: 14,
      minute: 3,
      second: 8,
      day: 5,
      month: 6,
      year: 2019,
    });
  });

  it('encodes without a leading zero on the hour', () => {
    expect(encodeTraceId({ hour: 2, minute: 35, second: 4, day: 1, month: 1, year: 2010 })).toBe(
      2350401012010,
    );
    expect(String(encodeTraceId({ hour: 0, minute: 5, second: 9, day: 31, month: 12, year: 2019 }))).toBe(
      '50931122019',
    );
  });

  it('round-trips every hour and boundary values', () => {
    for (let hour = 0; hour < 24; hour++) {
      for (const [minute, second, day, month, year] of [
        [0, 0, 1, 1, 1970],
        [59, 59, 31, 12, 2099],
        [7, 3, 29, 2, 2020],
      ] as const) {
        const parts = { hour, minute, second, day, month, year };
        expect(decodeTraceId(encodeTraceId(parts))).toEqual(parts);
      }
    }
  });

  it('round-trips through UTC instants', () => {
    const ms = Date.UTC(2019, 5, 5, 13, 43, 47);
    expect(traceIdFromUtcMs(ms)).toBe(13434705062019);
    expect(utcMsFromTraceId(13434705062019)).toBe(ms);
    expect(traceIdFromUtcMs(ms + 999)).toBe(13434705062019);
    expect(traceIdFromUtcMs(Date.UTC(2010, 0, 1, 23, 59, 59) + 1000)).toBe(2012010); // 0:00:00 on 02-01-2010
  });

  it('refuses impossible clocks with a clear message', () => {
    expect(() => encodeTraceId({ hour: 24, minute: 0, second: 0, day: 1, month: 1, year: 2010 })).toThrow(
      /hour must be/,
    );
    expect(() => encodeTraceId({ hour: 1, minute: 0, second: 0, day: 29, month: 2, year: 2019 })).toThrow(
      /day must be/,
    );
    expect(() => decodeTraceId(2356001012010)).toThrow(/second must be/);
    expect(() => decodeTraceId(2350401132010)).toThrow(/month must be/);
    expect(() => decodeTraceId(-1)).toThrow(RangeError);
    expect(() => decodeTraceId(1.5)).toThrow(RangeError);
  });
});
