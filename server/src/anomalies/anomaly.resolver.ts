import { PlantarErrorCode } from '../graphql/error-code';
import { GraphQLError } from 'graphql';
import { Args, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context';
import type { Reading } from '../readings/reading';
import { ReadingType, toReadingType } from '../readings/reading.type';
import { followedPatients, PatientFilterArgs } from '../live/patient-filter.args';
import { AnomaliesArgs } from './anomalies.args';
import { AnomalyConnectionType, toAnomalyConnection } from './anomaly-connection.type';
import { decodeCursor, encodeCursor } from './anomaly-cursor';

@Resolver()
export class AnomalyResolver {
  @Query(() => AnomalyConnectionType, {
    description: 'Anomalous readings of a patient, newest first, never trimmed by retention.',
  })
  async anomalies(@Args() args: AnomaliesArgs, @Ctx() { services }: Context): Promise<AnomalyConnectionType> {
    let before: number | undefined;
    if (args.after !== undefined) {
      before = decodeCursor(args.after);
      if (before === undefined) {
        throw new GraphQLError("'after' is not a cursor from a previous page", {
          extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName: 'after' },
        });
      }
    }
    const page = await services.store.anomalies(args.patientId, {
      from: args.from?.getTime(),
      to: args.to?.getTime(),
      first: args.first,
      before,
    });
    const items = page.items.map(({ position, reading }) => ({ cursor: encodeCursor(position), reading }));
    return toAnomalyConnection(items, page.hasNextPage, page.total);
  }

  @Subscription(() => ReadingType, {
    name: 'anomalies',
    description:
      'Every stored reading with a flagged sensor, of the given patients (every patient when omitted).',
    subscribe: ({ args, context }) =>
      (context as Context).services.store.subscribe('anomalies', followedPatients(args as PatientFilterArgs)),
  })
  anomaliesLive(
    @Root() reading: Reading,
    @Args({ validate: false }) _filter: PatientFilterArgs,
  ): ReadingType {
    return toReadingType(reading);
  }
}
