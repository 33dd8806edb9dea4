import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import type { EpisodeKind, EpisodeStatus } from './episode';
import { EpisodeKindEnum, EpisodeStatusEnum } from './episode.enums';

export const MAX_EPISODE_PAGE = 500;
/** Plain text; a long note is a report, which belongs elsewhere. */
export const MAX_NOTE_LENGTH = 1000;
/** Notes one episode may gather: enough for a shift's conversation, bounded against abuse. */
export const MAX_NOTES_PER_EPISODE = 200;

@ArgsType()
export class EpisodesArgs {
  @Field(() => [Int], { nullable: true, description: 'Every patient when omitted.' })
  @ArrayMaxSize(10_000)
  patientIds?: number[];

  @Field(() => [EpisodeStatusEnum], { nullable: true, description: 'Any status when omitted.' })
  status?: EpisodeStatus[];

  @Field(() => [EpisodeKindEnum], { nullable: true, description: 'Any kind when omitted.' })
  kinds?: EpisodeKind[];

  @Field({ nullable: true, description: 'Started at or after.' })
  from?: Date;

  @Field({ nullable: true, description: 'Started at or before.' })
  to?: Date;

  @Field(() => Int, { defaultValue: 50, description: `Page size, 1..${MAX_EPISODE_PAGE}.` })
  @Min(1)
  @Max(MAX_EPISODE_PAGE)
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: "A previous page's endCursor: continue with older episodes.",
  })
  after?: string;
}

@ArgsType()
export class EpisodeReadingsArgs {
  @Field(() => Int, { defaultValue: 50, description: `Page size, 1..${MAX_EPISODE_PAGE}.` })
  @Min(1)
  @Max(MAX_EPISODE_PAGE)
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string;
}

@ArgsType()
export class AcknowledgeEpisodeArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: `Optional, plain text, at most ${MAX_NOTE_LENGTH} characters.`,
  })
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

@ArgsType()
export class AddEpisodeNoteArgs {
  @Field(() => ID)
  id!: string;

  @Field({ description: `Plain text, 1..${MAX_NOTE_LENGTH} characters.` })
  @MaxLength(MAX_NOTE_LENGTH)
  text!: string;
}
