import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { MAX_POINTS } from '../archive/history';
import type { RankingMetric } from '../archive/rankings';
import { RankingMetricEnum } from './ranking.type';

/** Most patients one ranking lists. */
export const MAX_RANKED = 1000;

@ArgsType()
export class PatientRangeArgs {
  @Field(() => Int)
  @Min(0)
  patientId!: number;

  @Field({ description: 'Inclusive start.' })
  from!: Date;

  @Field({ description: 'Inclusive end; after `from`.' })
  to!: Date;
}

@ArgsType()
export class HistoryArgs extends PatientRangeArgs {
  @Field(() => Int, {
    defaultValue: 1000,
    description: `At most this many buckets, 2..${MAX_POINTS}; raw readings when the range has no more.`,
  })
  @Min(2)
  @Max(MAX_POINTS)
  maxPoints!: number;
}

@ArgsType()
export class TopPatientsArgs {
  @Field(() => RankingMetricEnum)
  metric!: RankingMetric;

  @Field()
  from!: Date;

  @Field({ description: 'After `from`.' })
  to!: Date;

  @Field(() => Int, { defaultValue: 10, description: `1..${MAX_RANKED}.` })
  @Min(1)
  @Max(MAX_RANKED)
  first!: number;
}

@ArgsType()
export class GaitHistoryArgs extends PatientRangeArgs {
  @Field({
    defaultValue: 'UTC',
    description: "IANA time zone the days are counted in, e.g. Europe/Warsaw: the user's own.",
  })
  timeZone!: string;
}
