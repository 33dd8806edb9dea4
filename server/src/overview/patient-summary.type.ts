import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { Severity } from '../episodes/episode';
import { SeverityEnum } from '../episodes/episode.enums';
import { GaitStateEnum } from '../gait/gait.enums';
import type { GaitState } from '../gait/gait-summary';
import { PatientStatusEnum } from '../patients/patient-status.enum';
import type { PatientStatus } from '../polling/patient-health';
import type { PatientSummary } from './summary-board';

@ObjectType('PatientSummary', {
  simpleResolvers: true,
  description: 'One patient as a ward overview shows it: newest values, status and what needs attention.',
})
export class PatientSummaryType {
  @Field(() => Int)
  patientId!: number;

  @Field(() => PatientStatusEnum)
  status!: PatientStatus;

  @Field(() => Date, { nullable: true })
  lastReadingAt!: Date | null;

  @Field(() => [Int], { nullable: true, description: 'Newest values in sensor order L0 … R2.' })
  values!: number[] | null;

  @Field({ description: 'The newest reading has a flagged sensor.' })
  anomaly!: boolean;

  @Field(() => [String], {
    description:
      "Which of the newest reading's sensors are flagged (L0 … R2, in sensor order); empty when none.",
  })
  flaggedSensors!: string[];

  @Field(() => Float, {
    nullable: true,
    description: "Share of the newest reading's load on the left foot, 0..1.",
  })
  leftShare!: number | null;

  @Field(() => Int)
  openEpisodes!: number;

  @Field(() => Int, { description: 'Episodes nobody has acknowledged yet, active or cleared.' })
  unacknowledgedEpisodes!: number;

  @Field(() => SeverityEnum, {
    nullable: true,
    description: 'The highest severity among unacknowledged episodes.',
  })
  attention!: Severity | null;

  @Field(() => GaitStateEnum, {
    nullable: true,
    description: 'What the patient is doing (gait analytics); null where it is not known (yet).',
  })
  gaitState!: GaitState | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Steps per minute over the last 30 s, while walking.',
  })
  cadence!: number | null;
}

@ObjectType('PatientSummaryBatch', { simpleResolvers: true })
export class PatientSummaryBatchType {
  @Field({ description: 'When the server sent it: clients compare it with their clock to show honest ages.' })
  at!: Date;

  @Field(() => [PatientSummaryType], { description: 'Patients that changed since the last batch.' })
  summaries!: PatientSummaryType[];
}

export function toPatientSummaryType(s: PatientSummary): PatientSummaryType {
  return {
    ...s,
    lastReadingAt: s.lastReadingAt === null ? null : new Date(s.lastReadingAt),
    values: s.values === null ? null : [...s.values],
    flaggedSensors: [...s.flaggedSensors],
  };
}
