import { registerEnumType } from 'type-graphql';
import type { PatientSource } from './patient-info';

/** The GraphQL enum of PatientSource; the `satisfies` keeps the two equal. */
export const PatientSourceEnum = {
  POLL: 'POLL',
  PUSH: 'PUSH',
  REPLAY: 'REPLAY',
} as const satisfies { [K in PatientSource]: K };

registerEnumType(PatientSourceEnum, {
  name: 'PatientSource',
  description: "How a patient's readings arrive.",
  valuesConfig: {
    POLL: { description: 'Polled from the monitoring API.' },
    PUSH: { description: 'Pushed by a device (POST /ingest/v1/readings).' },
    REPLAY: { description: 'Replayed from an uploaded recording.' },
  },
});
