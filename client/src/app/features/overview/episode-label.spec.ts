import { episodeLabel, flaggedText } from './episode-label';

describe('episodeLabel', () => {
  it('puts what nobody has seen first, with its severity', () => {
    expect(episodeLabel({ attention: 'HIGH', openEpisodes: 1, unacknowledgedEpisodes: 1 })).toBe(
      'HIGH alarm unacknowledged',
    );
    expect(episodeLabel({ attention: 'MEDIUM', openEpisodes: 0, unacknowledgedEpisodes: 3 })).toBe(
      '3 alarms unacknowledged (MEDIUM)',
    );
  });

  it('names open, acknowledged episodes, and nothing when all is quiet', () => {
    expect(episodeLabel({ attention: null, openEpisodes: 1, unacknowledgedEpisodes: 0 })).toBe(
      '1 episode open, acknowledged',
    );
    expect(episodeLabel({ attention: null, openEpisodes: 0, unacknowledgedEpisodes: 0 })).toBeNull();
  });
});

describe('flaggedText', () => {
  it('names the flagged sensors after "anomaly now", all six in words, nothing when none are named', () => {
    expect(flaggedText(['L0', 'R2'])).toBe(': L0 R2');
    expect(flaggedText(['L0', 'L1', 'L2', 'R0', 'R1', 'R2'])).toBe(': all six');
    expect(flaggedText([])).toBe('');
  });
});
