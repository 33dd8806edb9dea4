import { registerEnumType } from 'type-graphql';
import type { PatientStatus } from '../polling/patient-health';

/**
 * The GraphQL enum of the poller's PatientStatus: each value is the domain's own string, and the
 * `satisfies` makes the compiler reject a status left out, added, or mapped to another one.
 */
export const PatientStatusEnum = {
  UNKNOWN: 'UNKNOWN',
  LIVE: 'LIVE',
  STALE: 'STALE',
  FAILING: 'FAILING',
} as const satisfies { [S in PatientStatus]: S };
export type PatientStatusEnum = (typeof PatientStatusEnum)[keyof typeof PatientStatusEnum];

registerEnumType(PatientStatusEnum, {
  name: 'PatientStatus',
  description: "How fresh a patient's data is, as judged by the poller.",
  valuesConfig: {
    UNKNOWN: { description: 'No answer from the API yet.' },
    LIVE: { description: 'Fresh samples keep arriving.' },
    STALE: { description: 'The API answers but no new sample arrived for a while.' },
    FAILING: { description: 'The last polls failed (HTTP errors, timeouts or malformed bodies).' },
  },
});
