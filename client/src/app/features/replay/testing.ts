import type { Replay } from './replays.store';

/** A replay as the server reports it; override what a test is about. */
export function replay(overrides: Partial<Replay> = {}): Replay {
  return {
    id: 'r1',
    patientId: 1001,
    name: 'Ada walk',
    speed: 1,
    state: 'PLAYING',
    sent: 50,
    total: 200,
    elapsedSeconds: 12.5,
    remainingSeconds: 37.25,
    startedAt: '2026-12-03T13:00:00.000Z',
    ...overrides,
  };
}
