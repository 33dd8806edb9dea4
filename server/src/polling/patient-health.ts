import type { FailureKind } from './poll-error';

export type PatientStatus = 'UNKNOWN' | 'LIVE' | 'STALE' | 'FAILING';

/** What the poller knows about one patient's feed; the source of the status the API reports. */
export interface PatientHealth {
  /** When the last new (non-repeated) sample arrived. */
  lastFreshAt: number | undefined;
  /** When the API last answered with a valid body, repeated or not. */
  lastAnswerAt: number | undefined;
  consecutiveFailures: number;
  lastFailure: { kind: FailureKind; message: string; at: number } | undefined;
  failures: Record<FailureKind, number>;
  fresh: number;
  repeats: number;
}

export function newHealth(): PatientHealth {
  return {
    lastFreshAt: undefined,
    lastAnswerAt: undefined,
    consecutiveFailures: 0,
    lastFailure: undefined,
    failures: { 'http-status': 0, timeout: 0, network: 0, malformed: 0, 'too-large': 0 },
    fresh: 0,
    repeats: 0,
  };
}

/** Failures in a row before a patient is reported FAILING: one lost poll is noise, three are a fault. */
export const FAILING_AFTER = 3;

/**
 * LIVE: fresh samples keep coming. STALE: none for `staleAfterMs` (the API repeats itself, or
 * answers too rarely). FAILING: the last FAILING_AFTER polls failed. UNKNOWN: nothing yet.
 */
export function patientStatus(health: PatientHealth, now: number, staleAfterMs: number): PatientStatus {
  if (health.consecutiveFailures >= FAILING_AFTER) return 'FAILING';
  if (health.lastFreshAt === undefined) return health.consecutiveFailures > 0 ? 'FAILING' : 'UNKNOWN';
  return now - health.lastFreshAt > staleAfterMs ? 'STALE' : 'LIVE';
}
