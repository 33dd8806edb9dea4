import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  episodeStatus,
  type Episode,
  type EpisodeEventType,
  type EpisodeKind,
  type EpisodeStatus,
  type Severity,
} from './episode';
import { EpisodeEventTypeEnum, EpisodeKindEnum, EpisodeStatusEnum, SeverityEnum } from './episode.enums';

@ObjectType('EpisodeNote', { simpleResolvers: true })
export class EpisodeNoteType {
  @Field()
  at!: Date;

  @Field({ description: 'Who wrote it (the token subject).' })
  by!: string;

  @Field()
  text!: string;
}

@ObjectType('Episode', {
  description: "A patient's trouble from start to end, as a carer sees and acknowledges it.",
})
export class EpisodeType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  patientId!: number;

  @Field(() => EpisodeKindEnum)
  kind!: EpisodeKind;

  @Field(() => SeverityEnum)
  severity!: Severity;

  @Field(() => EpisodeStatusEnum)
  status!: EpisodeStatus;

  @Field()
  startedAt!: Date;

  @Field({ description: 'The last reading that met the condition.' })
  lastFlaggedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while active.' })
  endedAt!: Date | null;

  @Field(() => Int, {
    description:
      "From start to end, or to now while active; at most 2147483647 (24.8 days, GraphQL Int's largest): startedAt and endedAt give longer ones.",
  })
  durationMs!: number;

  @Field(() => Int)
  readingCount!: number;

  @Field(() => [String], { description: 'Sensor names involved (L0 … R2); empty for patient-level kinds.' })
  sensors!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Most extreme value: highest flagged value, largest jump, stuck value.',
  })
  peak!: number | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy!: string | null;

  @Field(() => [EpisodeNoteType])
  notes!: EpisodeNoteType[];

  // readings(first, after) is a field resolver in episode.resolver.ts
}

@ObjectType('EpisodeEvent', { simpleResolvers: true })
export class EpisodeEventObjectType {
  @Field(() => EpisodeEventTypeEnum)
  type!: EpisodeEventType;

  @Field(() => EpisodeType)
  episode!: EpisodeType;
}

/** GraphQL's Int is 32-bit: a larger value fails the whole field's parent (a page of episodes, say). */
const GRAPHQL_INT_MAX = 2 ** 31 - 1;

export function toEpisodeType(e: Episode, now = Date.now()): EpisodeType {
  return {
    id: e.id,
    patientId: e.patientId,
    kind: e.kind,
    severity: e.severity,
    status: episodeStatus(e),
    startedAt: new Date(e.startedAt),
    lastFlaggedAt: new Date(e.lastFlaggedAt),
    endedAt: e.endedAt === null ? null : new Date(e.endedAt),
    // A FLATLINE, OUT_OF_RANGE or NO_DATA episode can outlast 2^31 ms (a broken insole left worn).
    durationMs: Math.min(GRAPHQL_INT_MAX, Math.max(0, (e.endedAt ?? now) - e.startedAt)),
    readingCount: e.readingCount,
    sensors: [...e.sensors],
    peak: e.peak,
    acknowledgedAt: e.acknowledgement === null ? null : new Date(e.acknowledgement.at),
    acknowledgedBy: e.acknowledgement?.by ?? null,
    notes: e.notes.map((n) => ({ at: new Date(n.at), by: n.by, text: n.text })),
  };
}
