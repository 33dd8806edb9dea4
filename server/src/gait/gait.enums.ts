import { registerEnumType } from 'type-graphql';
import type { GaitState, GaitWindowName } from './gait-summary';

/* GraphQL enums whose values are the domain's own strings (see episodes/episode.enums.ts). */

export const GaitStateEnum = {
  WALKING: 'WALKING',
  STANDING: 'STANDING',
  NO_LOAD: 'NO_LOAD',
  UNKNOWN: 'UNKNOWN',
} as const satisfies { [K in GaitState]: K };
registerEnumType(GaitStateEnum, {
  name: 'GaitState',
  description: 'What the patient is doing, from the contacts of both feet over the last seconds.',
  valuesConfig: {
    WALKING: { description: 'The feet take turns: steps.' },
    STANDING: { description: 'Both feet loaded, no alternation.' },
    NO_LOAD: { description: 'Neither foot loaded: sitting, lying, or the insoles are off.' },
    UNKNOWN: { description: 'Too little data yet (or the sensors are not yet calibrated).' },
  },
});

export const GaitWindowEnum = {
  THIRTY_SECONDS: 'THIRTY_SECONDS',
  FIVE_MINUTES: 'FIVE_MINUTES',
} as const satisfies { [K in GaitWindowName]: K };
registerEnumType(GaitWindowEnum, {
  name: 'GaitWindow',
  description: "The span of the patient's own recording clock that live gait figures cover.",
  valuesConfig: {
    THIRTY_SECONDS: { description: 'The last 30 s: what the patient is doing now. Never flags asymmetry.' },
    FIVE_MINUTES: { description: 'The last 5 min: long enough for symmetry to be judged.' },
  },
});
