import { TestBed } from '@angular/core/testing';
import { TimeDisplay } from './time-display';

describe('TimeDisplay', () => {
  beforeEach(() => localStorage.clear());

  it('switches to UTC and remembers it', () => {
    const display = TestBed.inject(TimeDisplay);
    expect(display.utc()).toBe(false);
    display.toggle();
    expect(display.utc()).toBe(true);
    expect(display.zoneName()).toBe('UTC');
    expect(display.time(Date.UTC(2026, 0, 1, 9, 8, 7))).toBe('09:08:07');
    expect(display.dateTime(Date.UTC(2026, 0, 1, 9, 8, 7))).toBe('2026-01-01 09:08:07');
    expect(localStorage.getItem('plantar.utc')).toBe('true');
  });
});
