import { Field, Int, ObjectType } from 'type-graphql';
import { isAnomalous, sensorFoot, sensorName, type Reading } from './reading';
import { SensorType } from './sensor.type';
import { Foot } from './foot.enum';

@ObjectType('Reading', { description: 'One sample of a patient: six sensors at one instant.' })
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
      foot: sensorFoot(s) === 'LEFT' ? Foot.LEFT : Foot.RIGHT,
      value: s.value,
      anomaly: s.anomaly,
    })),
  };
}
