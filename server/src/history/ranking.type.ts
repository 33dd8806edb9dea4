import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RankingMetric } from '../archive/rankings';

/** The GraphQL enum of the domain's metrics (the `satisfies` keeps the two equal). */
export const RankingMetricEnum = {
  EPISODES: 'EPISODES',
  FLAGGED_SECONDS: 'FLAGGED_SECONDS',
  DATA_GAPS: 'DATA_GAPS',
  LOAD_IMBALANCE: 'LOAD_IMBALANCE',
  WALKING_MINUTES: 'WALKING_MINUTES',
  ASYMMETRY: 'ASYMMETRY',
} as const satisfies { [K in RankingMetric]: K };

registerEnumType(RankingMetricEnum, {
  name: 'RankingMetric',
  description: 'What topPatients ranks by.',
  valuesConfig: {
    EPISODES: { description: 'Episodes started in the range.' },
    FLAGGED_SECONDS: { description: 'Seconds of readings with a flagged sensor (flagged readings / 5 Hz).' },
    DATA_GAPS: { description: 'Seconds of the range (up to now) without readings.' },
    LOAD_IMBALANCE: {
      description: '|left - right| / (left + right) of the summed sensor values: 0 even, 1 one foot only.',
    },
    WALKING_MINUTES: { description: 'Minutes spent walking (gait analytics).' },
    ASYMMETRY: {
      description:
        'Median |Robinson SI| of the stance shares over minutes with walking, percent (gait analytics; 0 symmetric, above ~10 outside the normal band).',
    },
  },
});

@ObjectType('PatientRanking', { simpleResolvers: true })
export class PatientRankingType {
  @Field(() => Int, { description: '1 for the highest value.' })
  rank!: number;

  @Field(() => Int)
  patientId!: number;

  @Field(() => Float, {
    description:
      'The metric: a count, seconds, minutes (WALKING_MINUTES), a fraction (LOAD_IMBALANCE) or percent (ASYMMETRY).',
  })
  value!: number;

  @Field(() => Int, { description: 'Readings archived in the range.' })
  readingCount!: number;
}
