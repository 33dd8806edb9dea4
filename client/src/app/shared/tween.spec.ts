import { ValueTween } from './tween';

describe('ValueTween', () => {
  function setup() {
    let now = 0;
    const frames: FrameRequestCallback[] = [];
    const shown: number[][] = [];
    const tween = new ValueTween(
      (v) => shown.push([...v]),
      100,
      (cb) => frames.push(cb),
      () => frames.splice(0),
      () => now,
    );
    const frame = (ms: number) => {
      now += ms;
      const due = frames.splice(0);
      due.forEach((cb) => cb(now));
    };
    return { tween, shown, frame };
  }

  it('shows the first values at once, then eases to the next ones', () => {
    const { tween, shown, frame } = setup();
    tween.to([0, 1000]);
    expect(shown).toEqual([[0, 1000]]);
    tween.to([1000, 0]);
    frame(50);
    expect(shown[1][0]).toBeGreaterThan(500); // ease-out: more than half way at half time
    expect(shown[1][0] + shown[1][1]).toBeCloseTo(1000);
    frame(60);
    expect(shown.at(-1)).toEqual([1000, 0]);
    frame(16);
    expect(shown).toHaveLength(3); // settled: no more frames
  });

  it('can jump and stop', () => {
    const { tween, shown, frame } = setup();
    tween.to([0]);
    tween.to([10]);
    tween.jump([5]);
    frame(200);
    expect(shown.at(-1)).toEqual([5]);
  });
});
