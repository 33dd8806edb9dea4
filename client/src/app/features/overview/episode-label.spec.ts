import { episodeLabel } from './episode-label';

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
