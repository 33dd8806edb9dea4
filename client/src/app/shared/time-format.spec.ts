import { formatAgo, formatDateTime, formatDuration, formatTime, timeZoneName } from './time-format';

describe('time format', () => {
  const t = Date.UTC(2026, 10, 22, 7, 5, 9, 42);

  it('formats UTC wall-clock times', () => {
    expect(formatTime(t, true)).toBe('07:05:09');
    expect(formatTime(t, true, true)).toBe('07:05:09.042');
    expect(formatDateTime(t, true)).toBe('2026-11-22 07:05:09');
    expect(timeZoneName(true)).toBe('UTC');
  });

  it('formats local times with the browser zone', () => {
    const d = new Date(t);
    expect(formatTime(t, false)).toBe(
      [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':'),
    );
    expect(timeZoneName(false)).toBeTruthy();
  });

  it('says how long ago', () => {
    expect(formatAgo(1000, 1500)).toBe('just now');
    expect(formatAgo(0, 12_000)).toBe('12 s ago');
    expect(formatAgo(0, 185_000)).toBe('3 min ago');
    expect(formatAgo(0, 7_200_000)).toBe('2 h ago');
    expect(formatAgo(0, 3 * 86_400_000)).toBe('3 d ago');
  });

  it('formats durations', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(7_380_000)).toBe('2 h 3 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
  });
});
