import { clockText, isActive, nameFromFile, percentSent, rateText } from './replay-format';

describe('replay format', () => {
  it('writes recording times as m:ss, with hours when long', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(7.4)).toBe('0:07');
    expect(clockText(754)).toBe('12:34');
    expect(clockText(3723)).toBe('1:02:03');
    expect(clockText(-3)).toBe('0:00');
  });

  it('says 100% only when every row is sent', () => {
    expect(percentSent(0, 200)).toBe(0);
    expect(percentSent(199, 200)).toBe(99);
    expect(percentSent(200, 200)).toBe(100);
    expect(percentSent(5, 0)).toBe(0);
  });

  it('writes the detected sample rate', () => {
    expect(rateText(4)).toBe('4 Hz');
    expect(rateText(5.237)).toBe('5.2 Hz');
    expect(rateText(100.4)).toBe('100 Hz');
    expect(rateText(0)).toBe('—');
  });

  it('can act on playing and paused replays only', () => {
    expect(isActive('PLAYING')).toBe(true);
    expect(isActive('PAUSED')).toBe(true);
    expect(isActive('FINISHED')).toBe(false);
    expect(isActive('STOPPED')).toBe(false);
  });

  it('names a replay after its file', () => {
    expect(nameFromFile('walk-03.csv')).toBe('walk-03');
    expect(nameFromFile('.csv')).toBe('Recording');
  });
});
