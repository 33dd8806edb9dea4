import { PlantarErrorCode } from '../graphql/error-code';
import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { RateLimitedError } from '../auth/access-control';
import type { Context } from '../graphql/context';

const MAX_IDS_PER_CHANGE = 1000;

/** Operators change which patients are polled, at run time; the change survives restarts. */
@Resolver()
export class PatientAdminResolver {
  @Authorized('operator')
  @Mutation(() => [Int], {
    description: 'Starts polling these patients; returns the polled ids afterwards. Operators only.',
  })
  async startPolling(
    @Arg('patientIds', () => [Int]) patientIds: number[],
    @Ctx() context: Context,
  ): Promise<number[]> {
    return change(context, patientIds, 'add');
  }

  @Authorized('operator')
  @Mutation(() => [Int], {
    description:
      'Stops polling these patients (their stored data stays); returns the polled ids afterwards. Operators only.',
  })
  async stopPolling(
    @Arg('patientIds', () => [Int]) patientIds: number[],
    @Ctx() context: Context,
  ): Promise<number[]> {
    return change(context, patientIds, 'remove');
  }
}

async function change(context: Context, patientIds: number[], how: 'add' | 'remove'): Promise<number[]> {
  const { services, principal } = context;
  checkIds(patientIds);
  try {
    await services.access.spendMutation(principal);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      throw new GraphQLError(error.message, {
        extensions: { code: PlantarErrorCode.RATE_LIMITED, retryAfterSec: error.retryAfterSec },
      });
    }
    throw error;
  }
  // Persist first: if the store is down the change fails as a whole instead of being lost on restart.
  for (const id of patientIds) await services.store.setPatientOverride(id, how);
  if (services.cluster !== undefined) {
    // The polled set is cluster state: each instance polls its share (the others within a tick).
    await services.cluster.refreshPolling();
  } else {
    for (const id of patientIds) {
      if (how === 'add') services.poller.addPatient(id);
      else await services.poller.removePatient(id);
    }
  }
  services.logger.info({ by: principal.subject, change: how, patientIds }, 'polled patients changed');
  return services.poller.patientIds().sort((a, b) => a - b);
}

/** class-validator does not reach plain list arguments, so the bounds are checked here. */
function checkIds(ids: number[]): void {
  const bad = (message: string) =>
    new GraphQLError(message, {
      extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName: 'patientIds' },
    });
  if (ids.length < 1 || ids.length > MAX_IDS_PER_CHANGE)
    throw bad(`expected 1..${MAX_IDS_PER_CHANGE} patient ids, got ${ids.length}`);
  const wrong = ids.find((id) => id < 1);
  if (wrong !== undefined) throw bad(`patient ids are positive integers, got ${wrong}`);
}
