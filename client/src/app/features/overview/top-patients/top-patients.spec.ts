import { barShare, rankingValue } from './top-patients';

describe('top patients', () => {
  it('reads each metric’s value in words', () => {
    expect(rankingValue('EPISODES', 1)).toBe('1 episode');
    expect(rankingValue('EPISODES', 3)).toBe('3 episodes');
    expect(rankingValue('FLAGGED_SECONDS', 65)).toBe('1 min 5 s flagged');
    expect(rankingValue('DATA_GAPS', 7200)).toBe('2 h without data');
    expect(rankingValue('LOAD_IMBALANCE', 0.344)).toBe('34 % imbalance');
    expect(rankingValue('WALKING_MINUTES', 12.34)).toBe('12.3');
  });

  it('sizes bars against the highest shown, an imbalance against one foot only', () => {
    expect(barShare('EPISODES', 2, 8)).toBe(0.25);
    expect(barShare('EPISODES', 0, 0)).toBe(0);
    expect(barShare('LOAD_IMBALANCE', 0.3, 0.5)).toBe(0.3);
  });
});
