import {
  errorCodeOf,
  fixed,
  gaitStateView,
  inSymmetryBand,
  localMidnight,
  percent,
  signedPercent,
  userTimeZone,
} from './gait-format';

describe('gait-format', () => {
  it('names every state in words, null as unknown', () => {
    expect(gaitStateView('WALKING')).toEqual({ label: 'Walking', kind: 'walking' });
    expect(gaitStateView('STANDING').label).toBe('Standing');
    expect(gaitStateView('NO_LOAD')).toEqual({ label: 'No load', kind: 'no-load' });
    expect(gaitStateView(null)).toEqual({ label: 'Unknown', kind: 'unknown' });
  });

  it('judges a ratio against the 0.9–1.1 band, inclusive', () => {
    expect(inSymmetryBand(1)).toBe(true);
    expect(inSymmetryBand(0.9)).toBe(true);
    expect(inSymmetryBand(1.1)).toBe(true);
    expect(inSymmetryBand(0.85)).toBe(false);
    expect(inSymmetryBand(1.15)).toBe(false);
    expect(inSymmetryBand(null)).toBeNull();
  });

  it('formats figures, with a dash when unknown', () => {
    expect(percent(0.623)).toBe('62 %');
    expect(percent(null)).toBe('–');
    expect(fixed(103.6)).toBe('104');
    expect(fixed(0.834, 2)).toBe('0.83');
    expect(fixed(undefined)).toBe('–');
    expect(signedPercent(4.24)).toBe('+4.2 %');
    expect(signedPercent(-12)).toBe('−12.0 %');
    expect(signedPercent(0.01)).toBe('0.0 %');
    expect(signedPercent(null)).toBe('–');
  });

  it('reads the error code of a GraphQL error response, wrapped or not', () => {
    const wrapped = Object.assign(new Error('Gait analysis is off'), {
      errors: [{ message: 'off', extensions: { code: 'FEATURE_OFF' } }],
    });
    expect(errorCodeOf(wrapped)).toBe('FEATURE_OFF');
    expect(errorCodeOf([{ message: 'x', extensions: { code: 'ARCHIVE_UNAVAILABLE' } }])).toBe(
      'ARCHIVE_UNAVAILABLE',
    );
    expect(errorCodeOf({ message: 'x', extensions: { code: 'NOT_FOUND' } })).toBe('NOT_FOUND');
    expect(errorCodeOf(new Error('network'))).toBeNull();
    expect(errorCodeOf('boom')).toBeNull();
  });

  it('finds the local midnight of a day', () => {
    const now = new Date(2026, 11, 3, 13, 45, 12).getTime();
    expect(localMidnight(now)).toBe(new Date(2026, 11, 3).getTime());
    expect(typeof userTimeZone()).toBe('string');
  });
});
