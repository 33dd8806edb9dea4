import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RecordingError } from './recording-csv';
import type { ReplayState, ReplayView } from './replays';

export const ReplayStateEnum = {
  PLAYING: 'PLAYING',
  PAUSED: 'PAUSED',
  STOPPED: 'STOPPED',
  FINISHED: 'FINISHED',
} as const satisfies { [K in ReplayState]: K };
registerEnumType(ReplayStateEnum, { name: 'ReplayState', description: 'Where a replay stands.' });

@ObjectType('Replay', {
  simpleResolvers: true,
  description: 'A recording replayed live as a patient of its own (source REPLAY).',
})
export class ReplayType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The patient the readings arrive as: subscribe to it like any other.' })
  patientId!: number;

  @Field()
  name!: string;

  @Field(() => Float, { description: 'Times the recorded pace: 1, 2 or 10.' })
  speed!: number;

  @Field(() => ReplayStateEnum)
  state!: ReplayState;

  @Field(() => Int, { description: 'Rows sent so far.' })
  sent!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => Float, { description: 'Recording time replayed.' })
  elapsedSeconds!: number;

  @Field(() => Float, { description: 'Recording time left.' })
  remainingSeconds!: number;

  @Field()
  startedAt!: Date;
}

export function toReplayType(v: ReplayView): ReplayType {
  return {
    id: v.id,
    patientId: v.patientId,
    name: v.name,
    speed: v.speed,
    state: v.state,
    sent: v.sent,
    total: v.total,
    elapsedSeconds: v.elapsedMs / 1000,
    remainingSeconds: v.remainingMs / 1000,
    startedAt: new Date(v.startedAt),
  };
}

/** A row problem of an upload, as the upload's report lists it (also the HTTP answer's shape). */
export function errorJson(e: RecordingError): RecordingError {
  return { line: e.line, column: e.column, message: e.message };
}
