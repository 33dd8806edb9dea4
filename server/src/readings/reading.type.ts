import { Field, Int, ObjectType } from 'type-graphql';
import { isAnomalous, sensorFoot, sensorName, type Reading } from './reading';
import { SensorType } from './sensor.type';

// simpleResolvers: these types are plain data with no field middleware or roles, so type-graphql
// leaves their fields to the executor's default property read instead of wrapping each one in a
// middleware chain: a 3,000-reading history resolves ~100k such fields. The same holds for every
// other object type of the schema: tokens are checked per request and connection
// (auth/access-control.ts), roles per operation (auth-checker.ts), never per field.
@ObjectType('Reading', {
  description: 'One sample of a patient: six sensors at one instant.',
  simpleResolvers: true,
})
export class ReadingType {
  @Field(() => Int, {
    description: "The polled patient id (never the body's own id, which is 12 for everyone).",
  })
  patientId!: number;

  @Field({ description: 'When Plantar received the sample.' })
  at!: Date;

  @Field({
    description:
      "The API's trace.id (recording clock as H MM SS DD MM YYYY), a string because it exceeds 32 bits.",
  })
  traceId!: string;

  @Field({ description: 'True when any sensor is flagged.' })
  anomaly!: boolean;

  @Field(() => [SensorType])
  sensors!: SensorType[];
}

/**
 * Shapes a domain reading as the GraphQL type. Every field becomes a plain property, so graphql-js
 * resolves them with its default resolver: no per-field function call for thousands of readings.
 */
export function toReadingType(reading: Reading): ReadingType {
  return {
    patientId: reading.patientId,
    at: new Date(reading.at),
    traceId: reading.traceId,
    anomaly: isAnomalous(reading.sensors),
    sensors: reading.sensors.map((s) => ({
      id: s.id,
      name: sensorName(s),
      foot: sensorFoot(s),
      value: s.value,
      anomaly: s.anomaly,
    })),
  };
}
