import { Field, Int, ObjectType } from 'type-graphql';
import { PatientStatusEnum } from './patient-status.enum';
import { ReadingType } from '../readings/reading.type';
import { PollingHealthType } from './polling-health.type';
import type { PatientSource } from './patient-info';
import { PatientSourceEnum } from './patient-source.enum';

@ObjectType('Patient', {
  simpleResolvers: true,
  description: 'A monitored patient. Names and the rest are null until the API first answers.',
})
export class PatientType {
  @Field(() => Int)
  id!: number;

  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String, { nullable: true })
  lastName!: string | null;

  @Field(() => Int, { nullable: true })
  birthYear!: number | null;

  @Field(() => Boolean, { nullable: true })
  disabled!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Name of the recording the API replays.' })
  traceName!: string | null;

  @Field(() => PatientSourceEnum, { description: "How the patient's readings arrive." })
  source!: PatientSource;

  @Field(() => PatientStatusEnum)
  status!: PatientStatusEnum;

  @Field(() => Date, { nullable: true })
  lastReadingAt!: Date | null;

  @Field(() => ReadingType, { nullable: true })
  latest!: ReadingType | null;

  @Field(() => PollingHealthType, {
    nullable: true,
    description: 'Null when this server does not poll the patient.',
  })
  polling!: PollingHealthType | null;

  // anomalyCount(since) is a field resolver in patient.resolver.ts
}
