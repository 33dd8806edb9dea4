import { GraphQLInt } from 'graphql';
import { toEpisodeType } from './episode.type';
import type { Episode } from './episode';

const DAY = 86_400_000;

function episode(startedAt: number, endedAt: number | null): Episode {
  return {
    id: `3-FLATLINE-${startedAt}`,
    patientId: 3,
    kind: 'FLATLINE',
    severity: 'MEDIUM',
    startedAt,
    lastFlaggedAt: startedAt,
    endedAt,
    readingCount: 1,
    sensors: ['L1'],
    peak: 512,
    acknowledgement: null,
    notes: [],
  };
}

describe('toEpisodeType', () => {
  it('gives the duration to the end, or to now while active', () => {
    expect(toEpisodeType(episode(1000, 4000)).durationMs).toBe(3000);
    expect(toEpisodeType(episode(1000, null), 6000).durationMs).toBe(5000);
  });

  it('keeps durationMs a valid GraphQL Int for an episode longer than 24.8 days', () => {
    const month = toEpisodeType(episode(0, null), 30 * DAY);
    expect(() => GraphQLInt.serialize(month.durationMs)).not.toThrow();
    expect(month.durationMs).toBe(2 ** 31 - 1);
    expect(month.startedAt.getTime()).toBe(0); // the real length stays in startedAt/endedAt
  });
});
