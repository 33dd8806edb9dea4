import { Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { GaitWindowEnum } from './gait.enums';
import type { GaitWindowName } from './gait-summary';

@ArgsType()
export class GaitArgs {
  @Field(() => Int)
  @Min(0)
  patientId!: number;

  @Field(() => GaitWindowEnum, { defaultValue: GaitWindowEnum.FIVE_MINUTES })
  window!: GaitWindowName;
}

@ArgsType()
export class GaitLiveArgs {
  // Checked once in subscribe (gait.resolver.ts), not by class-validator per event.
  @Field(() => Int)
  patientId!: number;

  @Field(() => GaitWindowEnum, { defaultValue: GaitWindowEnum.THIRTY_SECONDS })
  window!: GaitWindowName;
}
