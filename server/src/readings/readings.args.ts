import { ArgsType, Field, Int } from 'type-graphql';
import { Max, Min } from 'class-validator';

/** Ten minutes at 5 Hz: the most a history query returns. */
export const MAX_READINGS = 3000;
@ArgsType()
export class ReadingsArgs {
  @Field(() => Int)
  @Min(1)
  patientId!: number;

  @Field({ nullable: true, description: 'Inclusive lower bound.' })
  from?: Date;

  @Field({ nullable: true, description: 'Inclusive upper bound.' })
  to?: Date;

  @Field(() => Int, {
    nullable: true,
    description: `At most this many of the newest readings in the range (default and cap ${MAX_READINGS}).`,
  })
  @Min(1)
  @Max(MAX_READINGS)
  last?: number;
}
