import { decodeCursor, encodeCursor } from './anomaly-cursor';

describe('anomaly cursors', () => {
  it('round-trip positions', () => {
    for (const p of [0, 1, 42, 123456789]) expect(decodeCursor(encodeCursor(p))).toBe(p);
  });

  it('reject what they did not make', () => {
    expect(decodeCursor('')).toBeUndefined();
    expect(decodeCursor('bm9wZQ')).toBeUndefined(); // "nope"
    expect(decodeCursor(Buffer.from('anomaly:v1:-3').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('anomaly:v1:1e9').toString('base64url'))).toBeUndefined();
  });
});
