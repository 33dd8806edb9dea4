import { decodeEpisodeCursor, encodeEpisodeCursor } from './episode-cursor';

describe('episode cursors', () => {
  it('round-trip a position and refuse anything else', () => {
    const c = { startedAt: 1_700_000_000_123, id: '7-ANOMALY-1700000000123' };
    expect(decodeEpisodeCursor(encodeEpisodeCursor(c))).toEqual(c);
    expect(decodeEpisodeCursor('bm9wZQ')).toBeUndefined();
    expect(decodeEpisodeCursor(Buffer.from('episode:v1:12:x').toString('base64url'))).toBeUndefined();
  });
});
