import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { GaitRange } from '../archive/gait-minutes';
import type { GaitHistory } from './gait-history';

/** The figures a day and a range share: minutes summed, medians over the minutes with walking. */
@ObjectType()
abstract class GaitSummaryFields {
  @Field(() => Float)
  walkingMinutes!: number;

  @Field(() => Float)
  standingMinutes!: number;

  @Field(() => Float)
  noLoadMinutes!: number;

  @Field(() => Int)
  steps!: number;

  @Field(() => Int, { description: 'Walking bouts started in the day or range.' })
  bouts!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median cadence (steps/min) over the minutes with at least 20 s of walking.',
  })
  cadence!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median stance SI, percent (same minutes).' })
  stanceSI!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median load SI, percent (same minutes).' })
  loadSI!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median stride ratio L/R (same minutes).' })
  strideRatio!: number | null;

  @Field(() => Int, {
    description: 'Minutes with gait figures: few of them means little data, not little walking.',
  })
  minutesCovered!: number;
}

@ObjectType('GaitDay', { simpleResolvers: true, description: "One calendar day of a patient's gait." })
export class GaitDayType extends GaitSummaryFields {
  @Field({ description: 'YYYY-MM-DD in the time zone asked for.' })
  day!: string;
}

@ObjectType('GaitBaseline', {
  simpleResolvers: true,
  description: "The patient's own usual gait: the 14 days before the range.",
})
export class GaitBaselineType {
  @Field(() => Int, { description: 'Days with gait figures in those 14.' })
  days!: number;

  @Field(() => Float, { nullable: true })
  walkingMinutesPerDay!: number | null;

  @Field(() => Float, { nullable: true })
  cadence!: number | null;

  @Field(() => Float, { nullable: true })
  stanceSI!: number | null;

  @Field(() => Float, { nullable: true })
  strideRatio!: number | null;
}

@ObjectType('GaitHistory', { simpleResolvers: true })
export class GaitHistoryType {
  @Field()
  timeZone!: string;

  @Field(() => [GaitDayType], {
    description: 'Days with gait figures, oldest first (days without are absent).',
  })
  days!: GaitDayType[];

  @Field(() => GaitBaselineType)
  baseline!: GaitBaselineType;
}

export function toGaitHistoryType(h: GaitHistory): GaitHistoryType {
  return {
    timeZone: h.timeZone,
    days: h.days.map((d) => ({ ...d, steps: Math.round(d.steps), bouts: Math.round(d.bouts) })),
    baseline: { ...h.baseline },
  };
}

@ObjectType('GaitRange', {
  simpleResolvers: true,
  description:
    "A patient's gait over a range from the archive: its minutes summed, medians of their figures.",
})
export class GaitRangeType extends GaitSummaryFields {
  @Field()
  from!: Date;

  @Field()
  to!: Date;
}

export function toGaitRangeType(from: number, to: number, r: GaitRange): GaitRangeType {
  return {
    ...r,
    from: new Date(from),
    to: new Date(to),
    steps: Math.round(r.steps),
    bouts: Math.round(r.bouts),
  };
}
