import { GraphQLError } from 'graphql';
import { Args, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context, Services } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';
import { GaitArgs, GaitLiveArgs } from './gait.args';
import type { GaitEngine } from './gait-engine';
import type { GaitSummaryData } from './gait-summary';
import { GaitSummaryType, toGaitSummaryType } from './gait.type';

function engineOf(services: Services): GaitEngine {
  if (services.gait !== undefined) return services.gait;
  throw new GraphQLError('Gait analysis is off on this server (GAIT=off).', {
    extensions: { code: PlantarErrorCode.FEATURE_OFF },
  });
}

function patientIdOf(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new GraphQLError(`expected 'patientId' to be an integer >= 0, got ${JSON.stringify(value)}`, {
    extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName: 'patientId' },
  });
}

/** Gait analytics of one patient: a window now, and the same window as it changes. */
@Resolver()
export class GaitResolver {
  @Query(() => GaitSummaryType, {
    description:
      "A patient's gait over the last 30 s or 5 min of the recording clock, as this server's analysis of the live window sees it now.",
  })
  async gait(
    @Args() { patientId, window }: GaitArgs,
    @Ctx() { services }: Context,
  ): Promise<GaitSummaryType> {
    return toGaitSummaryType(await engineOf(services).summary(patientId, window));
  }

  @Subscription(() => GaitSummaryType, {
    name: 'gait',
    description:
      "The patient's gait over a window, at once and then at most once a second while readings arrive (the patient page's gait panel).",
    subscribe: ({ args, context }) => {
      const { patientId, window } = args as GaitLiveArgs;
      return engineOf((context as Context).services).watch(patientIdOf(patientId), window);
    },
  })
  gaitLive(
    @Root() summary: GaitSummaryData,
    @Args({ validate: false }) _args: GaitLiveArgs,
  ): GaitSummaryType {
    return toGaitSummaryType(summary);
  }
}
