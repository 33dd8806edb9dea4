import { GraphQLError } from 'graphql';
import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { ArchiveQueryError, ArchiveUnavailableError } from '../archive/range-sources';
import type { Context, Services } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';
import { gaitHistory, gaitOverRange } from '../gait/gait-history';
import {
  GaitHistoryType,
  GaitRangeType,
  toGaitHistoryType,
  toGaitRangeType,
} from '../gait/gait-history.type';
import { GaitHistoryArgs, HistoryArgs, PatientRangeArgs, TopPatientsArgs } from './history.args';
import {
  ArchiveOffError,
  patientHistory,
  patientSummary,
  topPatients,
  type HistorySources,
} from './history-queries';
import { toHistoryType, HistoryType } from './history.type';
import { PatientRankingType } from './ranking.type';
import { PatientStatsType, toPatientStatsType } from './stats.type';

function sourcesOf(services: Services): HistorySources {
  const { archive, store, episodes, config } = services;
  return { archive, store, episodes, windowMs: (config.maxSec + config.clearDelaySec) * 1000 };
}

/**
 * The domain's refusals as client errors: a bad range is BAD_USER_INPUT, an archive that is off or
 * unreachable ARCHIVE_UNAVAILABLE (its cause is logged, not sent); anything else is left to the
 * error formatter (logged, sent as INTERNAL_SERVER_ERROR).
 */
async function answer<T>(services: Services, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ArchiveQueryError) {
      throw new GraphQLError(error.message, { extensions: { code: PlantarErrorCode.BAD_USER_INPUT } });
    }
    if (error instanceof ArchiveUnavailableError || error instanceof ArchiveOffError) {
      services.logger.warn({ err: { message: error.message } }, 'history query without the archive');
      throw new GraphQLError(
        error instanceof ArchiveOffError
          ? 'The archive is off on this server; only the live window can be queried.'
          : 'The archive is unreachable; ranges within the live window still answer. Try again shortly.',
        { extensions: { code: PlantarErrorCode.ARCHIVE_UNAVAILABLE } },
      );
    }
    throw error;
  }
}

@Resolver()
export class HistoryResolver {
  @Query(() => HistoryType, {
    description:
      "A patient's readings over [from, to] from the archive and the live window: the raw readings when there are at most maxPoints, else epoch-aligned buckets with per-sensor min/max/mean.",
  })
  history(@Args() args: HistoryArgs, @Ctx() { services }: Context): Promise<HistoryType> {
    return answer(services, async () =>
      toHistoryType(
        await patientHistory(
          sourcesOf(services),
          args.patientId,
          args.from.getTime(),
          args.to.getTime(),
          args.maxPoints,
        ),
      ),
    );
  }

  @Query(() => GaitHistoryType, {
    description:
      "A patient's gait per day over [from, to) from the archive: walking minutes, bouts, median cadence and symmetry, beside the patient's own baseline (the 14 days before).",
  })
  gaitHistory(@Args() args: GaitHistoryArgs, @Ctx() { services }: Context): Promise<GaitHistoryType> {
    return answer(services, async () =>
      toGaitHistoryType(
        await gaitHistory(
          services.archive,
          args.patientId,
          args.from.getTime(),
          args.to.getTime(),
          args.timeZone,
        ),
      ),
    );
  }

  @Query(() => GaitRangeType, {
    description:
      "A patient's gait over [from, to) from the archive (any range; the live 30 s and 5 min windows are `gait`).",
  })
  gaitRange(@Args() args: PatientRangeArgs, @Ctx() { services }: Context): Promise<GaitRangeType> {
    const from = args.from.getTime();
    const to = args.to.getTime();
    return answer(services, async () =>
      toGaitRangeType(from, to, await gaitOverRange(services.archive, args.patientId, from, to)),
    );
  }

  @Query(() => PatientStatsType, {
    description: "Summary of a patient's readings and episodes over [from, to].",
  })
  stats(@Args() args: PatientRangeArgs, @Ctx() { services }: Context): Promise<PatientStatsType> {
    return answer(services, async () =>
      toPatientStatsType(
        await patientSummary(sourcesOf(services), args.patientId, args.from.getTime(), args.to.getTime()),
      ),
    );
  }

  @Query(() => [PatientRankingType], {
    description:
      'The patients with the highest metric over [from, to] (to the minute, from the archive), highest first.',
  })
  topPatients(@Args() args: TopPatientsArgs, @Ctx() { services }: Context): Promise<PatientRankingType[]> {
    return answer(services, () =>
      topPatients(sourcesOf(services), args.metric, args.from.getTime(), args.to.getTime(), args.first),
    );
  }
}
