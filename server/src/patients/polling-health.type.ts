import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { PatientHealth } from '../polling/patient-health';
import type { FailureKind } from '../polling/poll-error';

/** The GraphQL enum of FailureKind: GraphQL's upper-case names for the poller's own strings. */
export const PollFailureKind = {
  HTTP_STATUS: 'http-status',
  TIMEOUT: 'timeout',
  NETWORK: 'network',
  MALFORMED: 'malformed',
  TOO_LARGE: 'too-large',
} as const satisfies Record<string, FailureKind>;
export type PollFailureKind = (typeof PollFailureKind)[keyof typeof PollFailureKind];

type MustBeNever<T extends never> = T;
/** `never` while every FailureKind has a GraphQL value; a kind left out fails to compile here, by name. */
export type FailureKindWithoutGraphQLValue = MustBeNever<Exclude<FailureKind, PollFailureKind>>;

registerEnumType(PollFailureKind, {
  name: 'PollFailureKind',
  description: 'Why a poll of the monitoring API failed.',
  valuesConfig: {
    HTTP_STATUS: { description: 'The API answered with an HTTP error status.' },
    TIMEOUT: { description: 'No complete answer within REQUEST_TIMEOUT_MS.' },
    NETWORK: { description: 'The API could not be reached.' },
    MALFORMED: { description: 'The body was not JSON of the expected shape.' },
    TOO_LARGE: { description: 'The body exceeded the size cap.' },
  },
});

@ObjectType('PollFailureCount', { simpleResolvers: true })
export class PollFailureCountType {
  @Field(() => PollFailureKind)
  kind!: PollFailureKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType('PollingHealth', {
  simpleResolvers: true,
  description: "How this server's polls of a patient have been going since it started.",
})
export class PollingHealthType {
  @Field(() => Int)
  consecutiveFailures!: number;

  @Field(() => PollFailureKind, { nullable: true })
  lastFailureKind!: PollFailureKind | null;

  @Field(() => String, {
    nullable: true,
    description: 'What was wrong, e.g. which field of the body did not validate.',
  })
  lastFailureMessage!: string | null;

  @Field(() => Date, { nullable: true })
  lastFailureAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The last valid answer, new sample or repeat.' })
  lastAnswerAt!: Date | null;

  @Field(() => Int, { description: 'New samples stored.' })
  freshSamples!: number;

  @Field(() => Int, { description: 'Answers that repeated the previous sample (not stored again).' })
  repeatedSamples!: number;

  @Field(() => [PollFailureCountType], { description: 'Failures by kind.' })
  failures!: PollFailureCountType[];
}

/** Network messages name hosts and ports of the API; those stay in the logs. */
function safeMessage(kind: FailureKind, message: string): string {
  return kind === 'network' ? 'the monitoring API could not be reached' : message;
}

export function toPollingHealthType(h: PatientHealth): PollingHealthType {
  return {
    consecutiveFailures: h.consecutiveFailures,
    lastFailureKind: h.lastFailure?.kind ?? null,
    lastFailureMessage: h.lastFailure ? safeMessage(h.lastFailure.kind, h.lastFailure.message) : null,
    lastFailureAt: h.lastFailure ? new Date(h.lastFailure.at) : null,
    lastAnswerAt: h.lastAnswerAt === undefined ? null : new Date(h.lastAnswerAt),
    freshSamples: h.fresh,
    repeatedSamples: h.repeats,
    failures: (Object.entries(h.failures) as [FailureKind, number][])
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => ({ kind, count })),
  };
}
