import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, Float, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';
import { ReplayError, type ReplayView } from './replays';
import { ReplayType, toReplayType } from './replay.type';

function answer(work: () => ReplayView | Promise<ReplayView>): Promise<ReplayType> {
  return Promise.resolve()
    .then(work)
    .then(toReplayType, (error: unknown) => {
      if (error instanceof ReplayError) {
        throw new GraphQLError(error.message, { extensions: { code: PlantarErrorCode.BAD_USER_INPUT } });
      }
      throw error;
    });
}

/** Replays of uploaded recordings (POST /ingest/v1/recordings gives the upload id). */
@Resolver()
export class ReplayResolver {
  @Query(() => [ReplayType], { description: 'Replays on this server, running or done.' })
  replays(@Ctx() { services }: Context): ReplayType[] {
    return services.replays.list().map(toReplayType);
  }

  @Authorized('operator')
  @Mutation(() => ReplayType, {
    description:
      'Replays a validated upload live as a new patient (source REPLAY) at 1x, 2x or 10x the recorded pace.',
  })
  startReplay(
    @Arg('uploadId', () => ID) uploadId: string,
    @Arg('name', { description: 'How the patient is shown, e.g. "Ada Nowak 3 Dec walk".' }) name: string,
    @Arg('speed', () => Float, { defaultValue: 1 }) speed: number,
    @Ctx() { services }: Context,
  ): Promise<ReplayType> {
    const clean = name.trim().slice(0, 100);
    if (clean === '')
      throw new GraphQLError('expected a name', { extensions: { code: PlantarErrorCode.BAD_USER_INPUT } });
    return answer(() => services.replays.start(uploadId, clean, speed));
  }

  @Authorized('operator')
  @Mutation(() => ReplayType)
  pauseReplay(@Arg('id', () => ID) id: string, @Ctx() { services }: Context): Promise<ReplayType> {
    return answer(() => services.replays.pause(id));
  }

  @Authorized('operator')
  @Mutation(() => ReplayType, {
    description: 'Resumes a paused replay, or changes the speed of a playing one.',
  })
  resumeReplay(
    @Arg('id', () => ID) id: string,
    @Arg('speed', () => Float, { nullable: true }) speed: number | null,
    @Ctx() { services }: Context,
  ): Promise<ReplayType> {
    return answer(() => services.replays.resume(id, speed ?? undefined));
  }

  @Authorized('operator')
  @Mutation(() => ReplayType)
  stopReplay(@Arg('id', () => ID) id: string, @Ctx() { services }: Context): Promise<ReplayType> {
    return answer(() => services.replays.stop(id));
  }

  @Subscription(() => [ReplayType], {
    name: 'replayProgress',
    description: 'Every replay on this server, about twice a second while one plays, and at each change.',
    subscribe: ({ context }) => progressFeed((context as Context).services.replays),
  })
  replayProgress(@Root() views: ReplayView[]): ReplayType[] {
    return views.map(toReplayType);
  }
}

/** The newest progress only: a slow subscriber skips to the latest (bounded to one pending value). */
function progressFeed(replays: Context['services']['replays']): AsyncIterableIterator<ReplayView[]> {
  let pending: ReplayView[] | undefined = replays.list();
  let wake: ((r: IteratorResult<ReplayView[]>) => void) | undefined;
  let done = false;
  const off = replays.onProgress((views) => {
    if (wake !== undefined) {
      const w = wake;
      wake = undefined;
      w({ done: false, value: views });
    } else pending = views;
  });
  const iterator: AsyncIterableIterator<ReplayView[]> = {
    next: () => {
      if (done) return Promise.resolve({ done: true, value: undefined });
      if (pending !== undefined) {
        const value = pending;
        pending = undefined;
        return Promise.resolve({ done: false, value });
      }
      return new Promise((resolve) => (wake = resolve));
    },
    return: () => {
      done = true;
      off();
      wake?.({ done: true, value: undefined });
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
