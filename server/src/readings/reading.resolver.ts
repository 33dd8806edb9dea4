import { Args, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context';
import type { Reading } from './reading';
import { toReadingType, ReadingType } from './reading.type';
import { MAX_READINGS, ReadingsArgs } from './readings.args';
import { followedPatients, PatientFilterArgs } from '../live/patient-filter.args';

@Resolver(() => ReadingType)
export class ReadingResolver {
  @Query(() => [ReadingType], {
    description: `Stored readings of a patient, oldest first: the newest \`last\` (at most ${MAX_READINGS}) in [from, to].`,
  })
  async readings(@Args() args: ReadingsArgs, @Ctx() { services }: Context): Promise<ReadingType[]> {
    const readings = await services.store.readings(args.patientId, {
      from: args.from?.getTime(),
      to: args.to?.getTime(),
      last: args.last ?? MAX_READINGS,
    });
    return readings.map(toReadingType);
  }

  @Subscription(() => ReadingType, {
    name: 'readings',
    description: 'Every stored reading of the given patients (every patient when omitted), as it is stored.',
    subscribe: ({ args, context }) =>
      (context as Context).services.store.subscribe('readings', followedPatients(args as PatientFilterArgs)),
  })
  readingsLive(@Root() reading: Reading, @Args({ validate: false }) _filter: PatientFilterArgs): ReadingType {
    return toReadingType(reading);
  }
}
