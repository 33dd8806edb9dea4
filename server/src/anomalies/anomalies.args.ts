import { ArgsType, Field, Int } from 'type-graphql';
import { Max, Min } from 'class-validator';

export const MAX_ANOMALY_PAGE = 500;

@ArgsType()
export class AnomaliesArgs {
  @Field(() => Int)
  @Min(1)
  patientId!: number;

  @Field({ nullable: true, description: 'Inclusive lower bound.' })
  from?: Date;

  @Field({ nullable: true, description: 'Inclusive upper bound.' })
  to?: Date;

  @Field(() => Int, { defaultValue: 50, description: `Page size, 1..${MAX_ANOMALY_PAGE}.` })
  @Min(1)
  @Max(MAX_ANOMALY_PAGE)
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: "A previous page's endCursor: continue with older anomalies.",
  })
  after?: string;
}
