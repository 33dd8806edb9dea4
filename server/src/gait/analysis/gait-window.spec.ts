import { WALKING } from './activity';
import { GaitSeries, LEFT, RIGHT } from './gait-series';
import { analyseSpan, boutsOf, contactsOf, walkingBoutsStarted } from './gait-window';

/** A walking series from a contact pattern ('0'..'3'), samples 0.25 s apart, every strike a step. */
function walkingSeries(pattern: string, walking: (k: number) => boolean = () => true): GaitSeries {
  const s = new GaitSeries();
  const n = pattern.length;
  s.time = Float64Array.from({ length: n }, (_, k) => k * 0.25);
  s.at = Float64Array.from({ length: n }, (_, k) => 1000 + k * 200);
  s.duration = new Float64Array(n).fill(0.25);
  s.covered = new Uint8Array(n).fill(1);
  s.segment = new Int32Array(n);
  s.contact = Uint8Array.from(pattern, Number);
  s.strike = Uint8Array.from({ length: n }, (_, k) => (k === 0 ? 0 : s.contact[k]! & ~s.contact[k - 1]!));
  s.state = Uint8Array.from({ length: n }, (_, k) => (walking(k) ? WALKING : 1));
  s.steps = Uint8Array.from(s.strike, (b, k) => (walking(k) ? b : 0));
  s.chain = Int32Array.from(s.steps, (b) => (b ? 0 : -1));
  s.loadLeft = Float32Array.from(s.contact, (c) => (c & LEFT ? 0.8 : 0));
  s.loadRight = Float32Array.from(s.contact, (c) => (c & RIGHT ? 0.6 : 0));
  s.regions = Uint8Array.from(s.contact, (c) => (c & LEFT ? 0b000101 : 0) | (c & RIGHT ? 0b100000 : 0));
  s.length = n;
  return s;
}

describe('analyseSpan', () => {
  // Stride 8 samples (2 s): left in contact 5 of 8, right 5 of 8, double support 2 of 8.
  const cycle = '31113222';
  const s = walkingSeries('0' + cycle.repeat(20));

  it('gives shares as fractions of the walking samples, strides from strike spans, cadence', () => {
    const f = analyseSpan(s, 0, s.length, { flagAfterWalkingSeconds: 30 });
    expect(f.stanceShare.left!).toBeCloseTo(5 / 8, 1);
    expect(f.stanceShare.right!).toBeCloseTo(5 / 8, 1);
    expect(f.doubleSupportShare!).toBeCloseTo(2 / 8, 1);
    expect(f.singleSupportShare!).toBeCloseTo(6 / 8, 1);
    expect(f.strideSeconds.left).toBeCloseTo(2, 9);
    expect(f.cadence).toBeCloseTo(60, 9);
    expect(f.steps).toBe(41); // both feet strike on the first sample out of '0'
    expect(f.walkingSeconds).toBeCloseTo(s.length * 0.25, 9);
    // Normalised stance load 0.8 left, 0.6 right: reported, not flagged.
    expect(f.symmetry.loadRatio).toBeCloseTo(0.8 / 0.6, 5);
    expect(f.symmetry.flagged).toBe(false);
    // Left contact loads the front inner and the heel, right only the heel.
    expect(f.regions.left).toEqual({ heel: 0.5, forefoot: 0.5, outerEdge: 0 });
    expect(f.regions.right).toEqual({ heel: 1, forefoot: 0, outerEdge: 0 });
  });

  it('leaves out samples that are not walking', () => {
    const partly = walkingSeries('0' + cycle.repeat(20), (k) => k < 81);
    const f = analyseSpan(partly, 0, partly.length, { flagAfterWalkingSeconds: 30 });
    expect(f.walkingSeconds).toBeCloseTo(81 * 0.25, 9);
    expect(f.steps).toBe(21);
    expect(walkingBoutsStarted(partly, 0, partly.length)).toBe(1);
    expect(boutsOf(partly, 0, partly.length).map((b) => b.state)).toEqual(['WALKING', 'NO_LOAD']);
  });

  it('lists contact intervals per foot on the receive-time axis', () => {
    const short = walkingSeries('0' + cycle.repeat(2));
    const contacts = contactsOf(short, 0, short.length);
    expect(contacts.filter((c) => c.foot === 'LEFT')).toHaveLength(2);
    expect(contacts[0]).toEqual({ foot: 'LEFT', fromAt: 1200, toAt: 2000 });
  });
});
