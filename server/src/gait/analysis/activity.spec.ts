import { classifyActivity, NO_LOAD, STANDING, WALKING } from './activity';
import { GaitSeries, LEFT, RIGHT } from './gait-series';

/** A series from a contact pattern: one character a sample, '0' none, '1' left, '2' right, '3' both. */
function seriesOf(pattern: string, spacing = 0.28): GaitSeries {
  const s = new GaitSeries();
  const n = pattern.length;
  // Filled by hand: GaitSeries.fill reads a ring; here the contacts are the input.
  for (const key of ['time', 'at', 'duration'] as const) s[key] = new Float64Array(n);
  for (const key of ['contact', 'strike', 'covered', 'state', 'steps', 'regions'] as const)
    s[key] = new Uint8Array(n);
  s.segment = new Int32Array(n);
  s.chain = new Int32Array(n);
  s.loadLeft = new Float32Array(n);
  s.loadRight = new Float32Array(n);
  s.length = n;
  for (let k = 0; k < n; k++) {
    s.time[k] = k * spacing;
    s.contact[k] = Number(pattern[k]);
    s.strike[k] = k === 0 ? 0 : s.contact[k]! & ~s.contact[k - 1]!;
  }
  return s;
}

const states = (s: GaitSeries): string =>
  Array.from(s.state.subarray(0, s.length), (c) =>
    c === WALKING ? 'W' : c === STANDING ? 'S' : c === NO_LOAD ? 'N' : '?',
  ).join('');

describe('classifyActivity', () => {
  // A stride of 5 samples (1.4 s), stance 3 samples per foot, feet half a stride apart.
  const walk = '3311' + '3223311'.repeat(8);

  it('finds a walk of alternating strikes between standing and sitting, padded by half a step', () => {
    const s = seriesOf('3'.repeat(20) + walk + '0'.repeat(20));
    expect(classifyActivity(s)).toBe(1);
    const text = states(s);
    expect(text.slice(0, 18)).toBe('S'.repeat(18));
    expect(text.slice(24, 70)).toBe('W'.repeat(46));
    expect(text.slice(-15)).toBe('N'.repeat(15));
    let steps = 0;
    for (let k = 0; k < s.length; k++) steps += (s.steps[k]! & LEFT ? 1 : 0) + (s.steps[k]! & RIGHT ? 1 : 0);
    expect(steps).toBeGreaterThanOrEqual(15);
  });

  it("does not call a sitting patient's one-sample touches a walk", () => {
    const s = seriesOf('0010002000100020001000200010002000'.repeat(3));
    expect(classifyActivity(s)).toBe(0);
    expect(states(s)).toBe('N'.repeat(s.length));
  });

  it('does not count the landing into standing after the last step', () => {
    const s = seriesOf(walk + '3'.repeat(20));
    classifyActivity(s);
    // The walk's last strikes: the one that stays counts, a second one after it does not.
    const last = s.length - 21;
    let stayed = 0;
    for (let k = last - 3; k < s.length; k++) if (s.steps[k] !== 0) stayed++;
    expect(stayed).toBeLessThanOrEqual(1);
    expect(states(s).slice(-15)).toBe('S'.repeat(15));
  });
});
