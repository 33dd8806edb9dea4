import { GraphQLError } from 'graphql';
import { ArgsType, Field, Int } from 'type-graphql';
import { PlantarErrorCode } from '../graphql/error-code';
import type { PatientSelection } from '../store/store';

/** Patients one subscription may name. */
export const MAX_SUBSCRIBED_PATIENTS = 10_000;

/** The patients a live subscription follows: the `readings` and `anomalies` subscriptions share it. */
@ArgsType()
export class PatientFilterArgs {
  @Field(() => [Int], {
    nullable: true,
    description:
      'Patients to follow; every patient when omitted, including those whose readings first arrive after subscribing.',
  })
  // Bounds are checked once at subscribe time (followedPatients), not by class-validator per event.
  patientIds?: number[] | null;
}

/**
 * The selection a subscription's arguments ask for. Checked here, once when subscribing:
 * type-graphql would otherwise validate the arguments again for every event delivered (the live
 * resolvers opt out). No ids means 'all', resolved by the store's pub/sub at each event rather than
 * from a list taken now, so a patient added later (on any instance) is followed too.
 */
export function followedPatients(args: PatientFilterArgs): PatientSelection {
  const ids = args.patientIds;
  if (ids === undefined || ids === null) return 'all';
  if (ids.length > MAX_SUBSCRIBED_PATIENTS) {
    throw new GraphQLError(`expected at most ${MAX_SUBSCRIBED_PATIENTS} patient ids, got ${ids.length}`, {
      extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName: 'patientIds' },
    });
  }
  return ids;
}
