import { registerEnumType } from 'type-graphql';

export enum PatientStatusEnum {
  UNKNOWN = 'UNKNOWN',
  LIVE = 'LIVE',
  STALE = 'STALE',
  FAILING = 'FAILING',
}

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
