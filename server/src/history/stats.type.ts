import { Field, Float, Int, ObjectType } from 'type-graphql';
import { sensorName } from '../readings/reading';
import type { PatientSummary } from './history-queries';

@ObjectType('SensorStats', { simpleResolvers: true })
export class SensorStatsType {
  @Field({ description: 'L0 L1 L2 R0 R1 R2.' })
  name!: string;

  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  max!: number;

  @Field(() => Float, { nullable: true, description: 'Its value in the newest reading of the range.' })
  last!: number | null;

  @Field(() => Float, { description: 'Share of its readings at or above 100 (the foot on that spot), 0..1.' })
  loadedFraction!: number;

  @Field(() => Int, { description: 'Readings with this sensor.' })
  count!: number;
}

@ObjectType('PatientStats', {
  description:
    "Summary of a patient's readings and episodes over a range (exact to the reading where raw readings are kept).",
  simpleResolvers: true,
})
export class PatientStatsType {
  @Field(() => Int)
  patientId!: number;

  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => Int)
  readingCount!: number;

  @Field(() => Float, { description: 'Readings present over those expected at 5 Hz up to now, 0..1.' })
  coverage!: number;

  @Field(() => Int, { description: 'Readings with any sensor flagged.' })
  anomalyCount!: number;

  @Field(() => Int, { description: 'Episodes that started in the range.' })
  episodeCount!: number;

  @Field(() => [SensorStatsType], { description: 'In sensor order; empty when the range has no readings.' })
  sensors!: SensorStatsType[];
}

export function toPatientStatsType(s: PatientSummary): PatientStatsType {
  return {
    patientId: s.patientId,
    from: new Date(s.from),
    to: new Date(s.to),
    readingCount: s.readingCount,
    coverage: s.coverage,
    anomalyCount: s.anomalyCount,
    episodeCount: s.episodeCount,
    sensors: s.perSensor.map((t, id) => ({
      name: sensorName({ id, value: 0, anomaly: false }),
      min: t.min,
      mean: t.mean,
      max: t.max,
      last: t.last,
      loadedFraction: t.loadedFraction,
      count: t.count,
    })),
  };
}
