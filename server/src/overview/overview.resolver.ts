import { Args, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context';
import { followedPatients, PatientFilterArgs } from '../live/patient-filter.args';
import { mapAsyncIterator } from '../shared/async-iterable';
import type { SummaryBatch } from './summary-feed';
import { PatientSummaryBatchType, PatientSummaryType, toPatientSummaryType } from './patient-summary.type';

/** The ward overview: a snapshot to start from, then batches of what changed. */
@Resolver()
export class OverviewResolver {
  @Query(() => [PatientSummaryType], {
    description:
      'Every patient (or the given ones) as the overview shows them now. Subscribe to patientSummaries first, then ask this, and apply the batches newer than it.',
  })
  async patientSummaries(
    @Args() filter: PatientFilterArgs,
    @Ctx() { services }: Context,
  ): Promise<PatientSummaryType[]> {
    const wanted = followedPatients(filter);
    const all = await services.overview.snapshot();
    const ids = wanted === 'all' ? undefined : new Set(wanted);
    return all.filter((s) => ids === undefined || ids.has(s.patientId)).map(toPatientSummaryType);
  }

  @Subscription(() => PatientSummaryBatchType, {
    name: 'patientSummaries',
    description:
      "A ward display's feed: per patient its newest values at most twice a second (a newer value replaces an unsent one), and at once when its status changes or an episode opens, clears, is acknowledged or re-alarms. One message per tick for all patients that changed.",
    subscribe: ({ args, context }) => {
      const wanted = followedPatients(args as PatientFilterArgs);
      const batches = (context as Context).services.overview.subscribe();
      if (wanted === 'all') return batches;
      const ids = new Set(wanted);
      return mapAsyncIterator(batches, (b) => ({
        ...b,
        summaries: b.summaries.filter((s) => ids.has(s.patientId)),
      }));
    },
  })
  patientSummariesLive(
    @Root() batch: SummaryBatch,
    @Args({ validate: false }) _filter: PatientFilterArgs,
  ): PatientSummaryBatchType {
    return { at: new Date(batch.at), summaries: batch.summaries.map(toPatientSummaryType) };
  }
}
