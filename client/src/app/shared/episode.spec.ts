import { episode } from '../../testing/episodes';
import { byAttention, durationOf, isUnacknowledged, sensorsText, STATUS_LABELS } from './episode';

describe('episode helpers', () => {
  it('puts unacknowledged first, the most severe of them first, then newest first', () => {
    const list = [
      episode({ id: 'acked-new', status: 'CLEARED_ACKNOWLEDGED', startedAt: '2026-12-03T12:00:00Z' }),
      episode({ id: 'low', severity: 'LOW', startedAt: '2026-12-03T11:00:00Z' }),
      episode({ id: 'high-old', status: 'CLEARED_UNACKNOWLEDGED', startedAt: '2026-12-03T09:00:00Z' }),
      episode({ id: 'high-new', startedAt: '2026-12-03T10:00:00Z' }),
      episode({ id: 'acked-old', status: 'ACTIVE_ACKNOWLEDGED', startedAt: '2026-12-03T08:00:00Z' }),
    ];
    expect([...list].sort(byAttention).map((e) => e.id)).toEqual([
      'high-new',
      'high-old',
      'low',
      'acked-new',
      'acked-old',
    ]);
  });

  it('counts an active episode on with the clock, a cleared one as the server said', () => {
    const start = Date.parse('2026-12-03T10:00:00.000Z');
    expect(durationOf(episode(), start + 60_000)).toBe(60_000);
    expect(durationOf(episode({ status: 'CLEARED_UNACKNOWLEDGED' }), start + 60_000)).toBe(4000);
  });

  it('names sensors, and says so when the episode is about the whole patient', () => {
    expect(sensorsText(['L0', 'R2'])).toBe('L0 R2');
    expect(sensorsText(['L0', 'L1', 'L2', 'R0', 'R1', 'R2'])).toBe('all six');
    expect(sensorsText([])).toBe('whole patient');
  });

  it('spells out both halves of the status, so it reads without colour', () => {
    expect(isUnacknowledged(episode({ status: 'CLEARED_UNACKNOWLEDGED' }))).toBe(true);
    expect(isUnacknowledged(episode({ status: 'ACTIVE_ACKNOWLEDGED' }))).toBe(false);
    expect(STATUS_LABELS.CLEARED_UNACKNOWLEDGED).toBe('Cleared · not acknowledged');
  });
});
