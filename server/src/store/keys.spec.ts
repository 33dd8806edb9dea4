import { KeyLayout, patientKeys } from './keys';

describe('KeyLayout', () => {
  it("keeps the seed's names byte for byte", () => {
    const seed = new KeyLayout('seed', 'w:');
    expect(seed.patient(71)).toEqual(patientKeys('w:', 71));
    expect(seed.patient(71).data).toBe('w:71_data');
    expect(seed.channel('readings', 71)).toBe('w:readings:71');
    expect(seed.bucket(7)).toEqual({ lease: 'w:cluster:lease:7', fence: 'w:cluster:fence:7' });
    expect(seed.episode('71-SPIKE-1', 71)).toBe('w:episode:71-SPIKE-1');
    expect(seed.allEpisodeIndexes('all')).toEqual(['w:episodes']);
  });

  it("tags every name of a patient with its bucket, and a bucket's lease and fence alike", () => {
    const tagged = new KeyLayout('hash-tag', 'w:');
    expect(tagged.patient(71)).toMatchObject({ data: 'w:{b7}:71_data', info: 'w:{b7}:patient:71' });
    expect(tagged.channel('anomalies', 71)).toBe('w:{b7}:anomalies:71');
    expect(tagged.patientStem(71)).toBe('w:{b7}:71_');
    expect(tagged.episode('71-SPIKE-1', 71)).toBe('w:{b7}:episode:71-SPIKE-1');
    expect(tagged.episodeIndexes(71)).toEqual({ all: 'w:{b7}:episodes', unacked: 'w:{b7}:episodes:unacked' });
    expect(tagged.bucket(7)).toEqual({ lease: 'w:{b7}:cluster:lease', fence: 'w:{b7}:cluster:fence' });
    expect(tagged.groupChannels('readings')).toHaveLength(64);
    expect(tagged.groupChannels('readings')[7]).toBe('w:{b7}:readings:all');
    expect(tagged.allEpisodeIndexes('unacked')[63]).toBe('w:{b63}:episodes:unacked');
  });
});
