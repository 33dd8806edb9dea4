import type { Episode } from '../app/shared/episode';

/** An episode as the server sends it: an active, unacknowledged HIGH anomaly unless overridden. */
export function episode(overrides: Partial<Episode> = {}): Episode {
  return {
    id: 'e1',
    patientId: 1,
    kind: 'ANOMALY',
    severity: 'HIGH',
    status: 'ACTIVE_UNACKNOWLEDGED',
    startedAt: '2026-12-03T10:00:00.000Z',
    endedAt: null,
    lastFlaggedAt: '2026-12-03T10:00:04.000Z',
    durationMs: 4000,
    readingCount: 20,
    sensors: ['L0'],
    peak: 1023,
    acknowledgedAt: null,
    acknowledgedBy: null,
    notes: [],
    ...overrides,
  };
}
