import { PlantarErrorCode } from '../graphql/error-code';
import { Args, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context';
import type { Reading } from './reading';
import { toReadingType, ReadingType } from './reading.type';
import { GraphQLError } from 'graphql';
import { MAX_READINGS, MAX_SUBSCRIBED_PATIENTS, PatientFilterArgs, ReadingsArgs } from './readings.args';

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
    description:
      'Every stored reading of the given patients (all polled patients when omitted), as it is stored.',
    subscribe: ({ args, context }) =>
      (context as Context).services.live.subscribe(
        'readings',
        patientsOf(args as PatientFilterArgs, context as Context),
      ),
  })
  readingsLive(@Root() reading: Reading, @Args({ validate: false }) _filter: PatientFilterArgs): ReadingType {
    return toReadingType(reading);
  }
}

/**
 * The patients a subscription follows. Checked here, once when subscribing: type-graphql would
 * otherwise validate the arguments again for every event delivered (the resolvers above opt out).
 */
export function patientsOf(args: PatientFilterArgs, { services }: Context): readonly number[] {
  const ids = args.patientIds;
  if (ids === undefined || ids === null) return services.poller.patientIds();
  if (ids.length > MAX_SUBSCRIBED_PATIENTS) {
    throw new GraphQLError(`expected at most ${MAX_SUBSCRIBED_PATIENTS} patient ids, got ${ids.length}`, {
      extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName: 'patientIds' },
    });
  }
  return ids;
}
