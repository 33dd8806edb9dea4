import { GraphQLError } from 'graphql';
import {
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { decodeCursor, encodeCursor } from '../anomalies/anomaly-cursor';
import { AnomalyConnectionType, toAnomalyConnection } from '../anomalies/anomaly-connection.type';
import type { Context } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';
import { followedPatients, PatientFilterArgs } from '../live/patient-filter.args';
import { MAX_READINGS } from '../readings/readings.args';
import { decodeEpisodeCursor, encodeEpisodeCursor } from './episode-cursor';
import type { EpisodeEvent } from './episode-store';
import { EpisodeConnectionType } from './episode-connection.type';
import { EpisodeEventObjectType, EpisodeType, toEpisodeType } from './episode.type';
import {
  AcknowledgeEpisodeArgs,
  AddEpisodeNoteArgs,
  EpisodeReadingsArgs,
  EpisodesArgs,
  MAX_NOTE_LENGTH,
  MAX_NOTES_PER_EPISODE,
} from './episodes.args';

const badInput = (message: string, argumentName: string) =>
  new GraphQLError(message, { extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName } });

const notFound = (id: string) =>
  new GraphQLError(`no episode with id "${id}"`, { extensions: { code: PlantarErrorCode.NOT_FOUND } });

@Resolver(() => EpisodeType)
export class EpisodeResolver {
  @Query(() => EpisodeConnectionType, {
    description: 'Episodes, newest first, with filters and cursor paging.',
  })
  async episodes(@Args() args: EpisodesArgs, @Ctx() { services }: Context): Promise<EpisodeConnectionType> {
    let after;
    if (args.after !== undefined && args.after !== null) {
      after = decodeEpisodeCursor(args.after);
      if (after === undefined) throw badInput("'after' is not a cursor from a previous page", 'after');
    }
    const page = await services.episodes.list({
      patientIds: args.patientIds ?? undefined,
      statuses: args.status ?? undefined,
      kinds: args.kinds ?? undefined,
      from: args.from?.getTime(),
      to: args.to?.getTime(),
      first: args.first,
      after,
    });
    const now = Date.now();
    const edges = page.items.map((e) => ({ cursor: encodeEpisodeCursor(e), node: toEpisodeType(e, now) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.total,
    };
  }

  @Authorized()
  @Mutation(() => EpisodeType, {
    description:
      'Records that the caller has seen the episode, with an optional note. Any signed-in role may acknowledge. Fails with NOT_FOUND or ALREADY_ACKNOWLEDGED, changing nothing.',
  })
  async acknowledgeEpisode(
    @Args() { id, note }: AcknowledgeEpisodeArgs,
    @Ctx() { services, principal }: Context,
  ): Promise<EpisodeType> {
    const text = note === undefined || note === null ? undefined : cleanNote(note);
    const result = await services.episodes.acknowledge(id, principal.subject, Date.now(), text || undefined);
    switch (result.kind) {
      case 'acknowledged':
        services.logger.info({ episode: id, by: principal.subject }, 'episode acknowledged');
        return toEpisodeType(result.episode);
      case 'already-acknowledged':
        throw new GraphQLError(
          `episode "${id}" was already acknowledged by ${result.episode.acknowledgement?.by ?? 'someone'}`,
          { extensions: { code: PlantarErrorCode.ALREADY_ACKNOWLEDGED } },
        );
      case 'not-found':
        throw notFound(id);
    }
  }

  @Authorized()
  @Mutation(() => EpisodeType, { description: `Adds a plain-text note (1..${MAX_NOTE_LENGTH} characters).` })
  async addEpisodeNote(
    @Args() { id, text }: AddEpisodeNoteArgs,
    @Ctx() { services, principal }: Context,
  ): Promise<EpisodeType> {
    const clean = cleanNote(text);
    if (clean === '') throw badInput('expected a note with some text, got only whitespace', 'text');
    const current = await services.episodes.get(id);
    if (current === undefined) throw notFound(id);
    if (current.notes.length >= MAX_NOTES_PER_EPISODE) {
      throw badInput(`episode "${id}" already has ${MAX_NOTES_PER_EPISODE} notes, the most it keeps`, 'id');
    }
    const episode = await services.episodes.addNote(id, {
      at: Date.now(),
      by: principal.subject,
      text: clean,
    });
    if (episode === undefined) throw notFound(id);
    return toEpisodeType(episode);
  }

  @FieldResolver(() => AnomalyConnectionType, {
    description:
      'The readings of the episode, newest first: the flagged ones for ANOMALY, those in its time span for rule kinds (while the live window still holds them).',
  })
  async readings(
    @Root() episode: EpisodeType,
    @Args() { first, after }: EpisodeReadingsArgs,
    @Ctx() { services }: Context,
  ): Promise<AnomalyConnectionType> {
    const before = after === undefined || after === null ? undefined : decodeCursor(after);
    if (after !== undefined && after !== null && before === undefined) {
      throw badInput("'after' is not a cursor from a previous page", 'after');
    }
    const from = episode.startedAt.getTime();
    const to = (episode.endedAt ?? episode.lastFlaggedAt).getTime();
    if (episode.kind === 'ANOMALY') {
      const page = await services.store.anomalies(episode.patientId, { from, to, first, before });
      const items = page.items.map((i) => ({ cursor: encodeCursor(i.position), reading: i.reading }));
      return toAnomalyConnection(items, page.hasNextPage, page.total);
    }
    // Rule kinds: the readings of the span, paged by time (the window is trimmed from the head, so
    // positions would shift between pages; a reading's time does not).
    const all = await services.store.readings(episode.patientId, { from, to, last: MAX_READINGS });
    const older = before === undefined ? all : all.filter((r) => r.at < before);
    const page = older.slice(-first).reverse();
    const items = page.map((r) => ({ cursor: encodeCursor(r.at), reading: r }));
    return toAnomalyConnection(items, older.length > first, all.length);
  }

  @Subscription(() => EpisodeEventObjectType, {
    name: 'episodes',
    description:
      'Episodes of the given patients (every patient when omitted) as they open, change, clear, are acknowledged or re-alarm.',
    subscribe: ({ args, context }) =>
      (context as Context).services.episodes.subscribe(followedPatients(args as PatientFilterArgs)),
  })
  episodesLive(
    @Root() event: EpisodeEvent,
    @Args({ validate: false }) _filter: PatientFilterArgs,
  ): EpisodeEventObjectType {
    return { type: event.type, episode: toEpisodeType(event.episode) };
  }
}

/** Notes are plain text: trimmed, control characters other than line breaks removed. */
function cleanNote(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '').trim();
}
