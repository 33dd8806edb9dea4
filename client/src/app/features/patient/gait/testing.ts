import type { GaitFiguresFragment, GaitLiveSubscription } from '../../../graphql/generated';

type Live = GaitLiveSubscription['gait'];

/** A 30 s summary as the server sends it: walking at 104 steps/min, well covered. */
export function liveSummary(overrides: Partial<Live> = {}): Live {
  return {
    patientId: 2,
    window: 'THIRTY_SECONDS',
    asOf: new Date(100_000).toISOString(),
    state: 'WALKING',
    steps: 40,
    walkingSeconds: 23,
    cadence: 104.2,
    stanceShare: { left: 0.62, right: 0.6 },
    doubleSupportShare: 0.22,
    regularity: 0.81,
    symmetry: { stanceSI: 3.3, stanceRatio: 1.03, strideRatio: 1.01, flagged: false },
    quality: { samplesPerSecond: 3.6, coverage: 0.98, confidence: 0.9 },
    contacts: [
      { foot: 'LEFT', from: new Date(95_000).toISOString(), to: new Date(95_700).toISOString() },
      { foot: 'RIGHT', from: new Date(95_600).toISOString(), to: new Date(96_300).toISOString() },
    ],
    ...overrides,
  };
}

/** A 5 min summary (no contacts asked). */
export function windowSummary(overrides: Partial<GaitFiguresFragment> = {}): GaitFiguresFragment {
  const { contacts: _contacts, ...rest } = liveSummary({ window: 'FIVE_MINUTES' });
  return { ...rest, ...overrides };
}

/** A GraphQL error result with an extensions code, as Apollo hands it over. */
export function codedError(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { errors: [{ message, extensions: { code } }] });
}
